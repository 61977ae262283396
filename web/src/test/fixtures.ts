import type { Review } from '../ws/protocol';

export function makeReview(token: string, over: Partial<Review> = {}): Review {
  return {
    event_token: token,
    customer_id: `cust-${token}`,
    input_message: `Where is my order ${token}?`,
    draft: `Your order ${token} ships tomorrow.`,
    intent: 'order_status',
    classification: 'in_scope',
    confidence: 62,
    reasoning: 'Order lookup not confirmed.',
    reason: 'low_confidence',
    created_at: "2030-01-01T00:00:00.000Z",
    expires_at: '2030-01-01T01:00:00.000Z',
    version: 1,
    ...over,
  };
}
