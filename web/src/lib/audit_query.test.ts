import { describe, expect, it } from 'vitest';
import { auditQuery, emptyFilters } from './audit_query';

describe('auditQuery', () => {
  it('asks for the default page when nothing is filtered', () => {
    expect(auditQuery(emptyFilters)).toBe('/admin/audit?limit=50');
    expect(auditQuery({ ...emptyFilters, limit: '' })).toBe('/admin/audit');
  });

  it('includes only set filters, trimmed, in a stable order', () => {
    const q = auditQuery({ ...emptyFilters, state: 'blocked', client_id: ' 4915550001 ', classification: 'security_violation', status: 'Blocked', since_seq: '120' });
    expect(q).toBe('/admin/audit?client_id=4915550001&classification=security_violation&status=Blocked&state=blocked&since_seq=120&limit=50');
  });

  it('encodes values that need it', () => {
    const q = auditQuery({ ...emptyFilters, tenant: 'acme', client_id: '+49 555&x=1', limit: '10' });
    expect(q).toBe('/admin/audit?tenant=acme&client_id=%2B49+555%26x%3D1&limit=10');
  });
});
