import { describe, expect, it } from 'vitest';
import { addMemberDraft, conferenceView, japanLocalToIso } from './format';

describe('conference helpers', () => {
  it('a datetime-local value is read as Japan time', () => {
    expect(japanLocalToIso('2026-12-01T10:00')).toBe('2026-12-01T10:00:00+09:00');
    expect(japanLocalToIso('2026-12-01T10:00:30')).toBe('2026-12-01T10:00:30+09:00');
    expect(japanLocalToIso('')).toBe('');
    expect(japanLocalToIso('tomorrow')).toBe('tomorrow');
  });

  it('members are listed once; an empty one is ignored', () => {
    let list = addMemberDraft([], { accountId: 'a1' });
    list = addMemberDraft(list, { accountId: 'a1' });
    list = addMemberDraft(list, { name: '外部 太郎', organization: 'NPO' });
    list = addMemberDraft(list, { name: '外部 太郎', organization: 'NPO' });
    list = addMemberDraft(list, { name: ' ', organization: '' });
    list = addMemberDraft(list, { accountId: '' });
    expect(list).toEqual([{ accountId: 'a1' }, { name: '外部 太郎', organization: 'NPO' }]);
  });

  it('before the pledge only the pledge screen shows', () => {
    expect(conferenceView({ pledgeRequired: true, contentOpen: false })).toBe('pledge');
    expect(conferenceView({ pledgeRequired: false, contentOpen: true })).toBe('full');
    expect(conferenceView({ pledgeRequired: false, contentOpen: false })).toBe('ended');
  });
});
