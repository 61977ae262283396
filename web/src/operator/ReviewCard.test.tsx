import { render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { makeReview } from '../test/fixtures';
import type { Review } from '../ws/protocol';
import { ReviewCard } from './ReviewCard';

const noop = () => {};
const handlers = {
  onSelect: noop, onArmApprove: noop, onConfirmApprove: noop, onStartEdit: noop, onSubmitEdit: noop,
  onStartReject: noop, onSubmitReject: noop, onCancel: noop, onToggleClaim: noop, onDismiss: noop,
};

function renderCard(review: Review, extra: Partial<Parameters<typeof ReviewCard>[0]> = {}) {
  return render(<ReviewCard review={review} selected mode="idle" now={Date.parse('2030-01-01T00:50:00Z')} {...handlers} {...extra} />);
}

describe('ReviewCard', () => {
  it('shows message, draft, intent, reason, confidence bar and expiry countdown', () => {
    renderCard(makeReview('t1', { confidence: 42, reason: 'draft_flagged' }));
    const card = screen.getByTestId('review-card');
    expect(card).toHaveAttribute('data-event-token', 't1');
    expect(screen.getByText('Where is my order t1?')).toBeInTheDocument();
    expect(screen.getByText('Your order t1 ships tomorrow.')).toBeInTheDocument();
    expect(screen.getByText('order_status')).toBeInTheDocument();
    expect(screen.getByText('Draft flagged')).toBeInTheDocument();
    expect(screen.getByRole('meter', { name: 'Confidence' })).toHaveAttribute('aria-valuenow', '42');
    expect(screen.getByLabelText('Expires in 10:00')).toBeInTheDocument();
  });

  it('lists triggered keywords and recent turns only when the review carries them', () => {
    const { unmount } = renderCard(makeReview('t1'));
    expect(screen.queryByLabelText('Triggered keywords')).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Recent turns' })).not.toBeInTheDocument();
    unmount();
    renderCard(
      makeReview('t2', {
        triggered_keywords: ['lawyer', 'sue'],
        recent: [
          { role: 'customer', text: 'Hi there' },
          { role: 'agent', text: 'Hello!' },
        ],
      }),
    );
    expect(screen.getByLabelText('Triggered keywords')).toHaveTextContent('lawyersue');
    expect(screen.getByRole('region', { name: 'Recent turns' })).toHaveTextContent('Hi there');
  });

  it('shows expired once past expires_at and a claim badge', () => {
    renderCard(makeReview('t1', { expires_at: '2030-01-01T00:00:00Z' }), { claim: { by: 'bob', until: '2030-01-01T00:51:00Z', mine: false } });
    expect(screen.getByLabelText('Expires in expired')).toBeInTheDocument();
    expect(screen.getByTestId('claim-badge')).toHaveTextContent('Claimed by bob');
  });

  it('calls handlers from its buttons', () => {
    const onStartReject = vi.fn();
    renderCard(makeReview('t1'), { onStartReject });
    screen.getByRole('button', { name: /Reject/ }).click();
    expect(onStartReject).toHaveBeenCalledOnce();
  });
});
