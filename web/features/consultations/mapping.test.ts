import { describe, expect, it } from 'vitest';
import { AssessmentInput, Category, ClosureCreate, ConsultationCreate, PlanInput, PublicConsultationCreate } from '../../../core/contracts/consultations';
import { assessmentDraft, assessmentToRequest, closureToRequest, EMPTY_INTAKE, EMPTY_PUBLIC, intakeToRequest, planDraft, planToRequest, publicToRequest } from './mapping';

describe('intake form → POST /api/consultations', () => {
  it('an unnamed worry carries its subject label and town, and passes the contract', () => {
    const body = intakeToRequest({ ...EMPTY_INTAKE, channel: 'phone', categories: ['elderly_care'], summary: ' 一人暮らしが心配 ', subjectLabel: '大嶺町の80代男性', address: '大嶺町' });
    expect(body).toEqual({ channel: 'phone', categories: ['elderly_care'], summary: '一人暮らしが心配', urgency: 'normal', subjectLabel: '大嶺町の80代男性', address: '大嶺町', consent: 'not_asked' });
    expect(ConsultationCreate.safeParse(body).success).toBe(true);
  });

  it('a picked person replaces the label and address; an anonymous worry names no one', () => {
    const named = intakeToRequest({ ...EMPTY_INTAKE, channel: 'walk_in', categories: ['poverty'], summary: 'x', personId: 'p1', subjectLabel: 'left over', address: 'left over' });
    expect(named.personId).toBe('p1');
    expect(named).not.toHaveProperty('subjectLabel');
    expect(named).not.toHaveProperty('address');
    const anonymous = intakeToRequest({ ...EMPTY_INTAKE, channel: 'walk_in', categories: ['poverty'], summary: 'x', personId: 'p1', anonymous: true });
    expect(anonymous).not.toHaveProperty('personId');
    expect(anonymous.anonymous).toBe(true);
  });

  it('sends the consent scope only with consent, and leaves out what was not chosen', () => {
    const without = intakeToRequest({ ...EMPTY_INTAKE, consent: 'not_given', consentScope: ['city'] });
    expect(without).not.toHaveProperty('consentScope');
    expect(without).not.toHaveProperty('channel');
    expect(without).not.toHaveProperty('source');
    expect(intakeToRequest({ ...EMPTY_INTAKE, consent: 'given', consentScope: ['city', 'council'] }).consentScope).toEqual(['city', 'council']);
  });

  it('a form with nothing chosen fails the contract on the required fields', () => {
    const r = ConsultationCreate.safeParse(intakeToRequest(EMPTY_INTAKE));
    expect(r.success).toBe(false);
    expect(new Set(r.error?.issues.map((i) => i.path[0]))).toEqual(new Set(['channel', 'categories', 'summary']));
  });
});

describe('public form → POST /api/public/consultations', () => {
  it('only the worry is needed; empty fields are left out', () => {
    const body = publicToRequest({ ...EMPTY_PUBLIC, summary: '  困っています ' });
    expect(body).toEqual({ summary: '困っています' });
    expect(PublicConsultationCreate.safeParse(body).success).toBe(true);
  });

  it('anonymous sends no name or contact details even if typed', () => {
    const body = publicToRequest({ ...EMPTY_PUBLIC, summary: 'x', name: '山田', phone: '0837', email: 'a@b.jp', contactPreference: 'phone', anonymous: true, address: '大嶺町' });
    expect(body).toEqual({ summary: 'x', address: '大嶺町', anonymous: true });
  });

  it('about someone else: the relation and their name go with it; about oneself, neither does even if typed before unticking', () => {
    const daughter = publicToRequest({ ...EMPTY_PUBLIC, summary: '母のこと', aboutSomeoneElse: true, relation: 'family', subjectName: ' 美祢 ハナ ', name: '美祢 花子' });
    expect(daughter).toEqual({ summary: '母のこと', aboutSomeoneElse: true, relation: 'family', subjectName: '美祢 ハナ', name: '美祢 花子' });
    expect(PublicConsultationCreate.safeParse(daughter).success).toBe(true);
    const self = publicToRequest({ ...EMPTY_PUBLIC, summary: '自分のこと', aboutSomeoneElse: false, relation: 'family', subjectName: '母' });
    expect(self).toEqual({ summary: '自分のこと' });
  });

  it('passes the honeypot on only when a bot filled it', () => {
    expect(publicToRequest({ ...EMPTY_PUBLIC, summary: 'x' })).not.toHaveProperty('website');
    expect(publicToRequest({ ...EMPTY_PUBLIC, summary: 'x', website: 'http://spam' }).website).toBe('http://spam');
  });
});

describe('assessment form ↔ PUT …/assessment', () => {
  it('starts with every category at level 0 and sends only those with a level or a note', () => {
    const d = assessmentDraft(Category.options, null);
    expect(Object.keys(d.domains)).toHaveLength(13);
    d.domains.elderly_care = { level: '2', note: '' };
    d.domains.isolation = { level: '0', note: '近所づきあいなし' };
    const body = assessmentToRequest({ ...d, risk: 'medium', wishes: ' 家で暮らしたい ' }, 0);
    expect(body.domains).toEqual([
      { category: 'elderly_care', level: 2, note: '' },
      { category: 'isolation', level: 0, note: '近所づきあいなし' },
    ]);
    expect(body.wishes).toBe('家で暮らしたい');
    expect(AssessmentInput.safeParse(body).success).toBe(true);
  });

  it('fills from the latest version and keeps its version as the expected one', () => {
    const d = assessmentDraft(Category.options, {
      version: 3, domains: [{ category: 'housing', level: 3, note: '雨漏り' }], livingSituation: 'a', strengths: 'b', wishes: 'c', risk: 'high', summary: 'd', byName: null, at: '',
    });
    expect(d.domains.housing).toEqual({ level: '3', note: '雨漏り' });
    expect(d.risk).toBe('high');
    expect(assessmentToRequest(d, 3).expectedVersion).toBe(3);
  });

  it('without a risk the contract names the risk field', () => {
    const r = AssessmentInput.safeParse(assessmentToRequest(assessmentDraft(Category.options, null), 0));
    expect(r.error?.issues.map((i) => i.path[0])).toEqual(['risk']);
  });
});

describe('plan form ↔ PUT …/plan', () => {
  it('a new plan starts with one empty goal and action; blank rows are not sent', () => {
    const d = planDraft(null);
    d.goals = [{ text: ' 週1回の買い物ができる ' }, { text: '' }];
    d.actions = [
      { text: '移動支援の調整', ownerUnitId: 'centre-mine', ownerLabel: '', dueDate: '2026-12-10', done: false },
      { text: '  ', ownerUnitId: '', ownerLabel: '', dueDate: '', done: false },
    ];
    d.reviewDate = '2027-01-31';
    const body = planToRequest(d, 0);
    expect(body).toEqual({
      goals: [{ text: '週1回の買い物ができる' }],
      actions: [{ text: '移動支援の調整', ownerUnitId: 'centre-mine', dueDate: '2026-12-10', done: false }],
      reviewDate: '2027-01-31',
      expectedVersion: 0,
    });
    expect(PlanInput.safeParse(body).success).toBe(true);
  });

  it('keeps the ids of goals and actions from the version it edits', () => {
    const d = planDraft({
      version: 2, goals: [{ id: 'g1', text: 'A' }], actions: [{ id: 'a1', text: 'B', ownerUnitId: null, ownerAccountId: null, ownerLabel: '本人', dueDate: null, done: true }],
      reviewDate: '2027-01-01', byName: null, at: '',
    });
    const body = planToRequest(d, 2);
    expect(body.goals).toEqual([{ id: 'g1', text: 'A' }]);
    expect(body.actions).toEqual([{ id: 'a1', text: 'B', ownerUnitId: null, ownerLabel: '本人', dueDate: null, done: true }]);
  });

  it('no goal and no review date fail the contract on those fields', () => {
    const r = PlanInput.safeParse(planToRequest(planDraft(null), 0));
    expect(new Set(r.error?.issues.map((i) => i.path[0]))).toEqual(new Set(['goals', 'reviewDate']));
  });
});

describe('closure form → POST …/closure', () => {
  it('sends the follow-up date and note only when given', () => {
    expect(closureToRequest({ outcome: 'resolved', followUpDate: '', note: ' ' })).toEqual({ outcome: 'resolved' });
    const body = closureToRequest({ outcome: 'declined', followUpDate: '2027-01-10', note: '月1回電話' });
    expect(body).toEqual({ outcome: 'declined', followUpDate: '2027-01-10', note: '月1回電話' });
    expect(ClosureCreate.safeParse(body).success).toBe(true);
    expect(ClosureCreate.safeParse(closureToRequest({ outcome: '', followUpDate: '', note: '' })).success).toBe(false);
  });
});
