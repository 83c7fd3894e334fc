import crypto from 'node:crypto';
import { appendAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import { insertPersonRow, personKeys } from '../people';
import { timeOrderedId } from './evacuation.policy';
import { insertRegistrant } from './registrants.repo';
import { findShelter, insertShelter } from './settings.repo';

/** Clearly fictional registrants of 大嶺（デモ避難）: consent given, not asked, refused — so disaster mode shows a difference. */
const DEMO = [
  { given: '一郎', kana: 'イチロウ', birth: '1935-02-11', consent: 'given', reason: 'care_level_3_5', source: 'ltc_insurance', zone: 'zone-omine-1', lat: 34.1665, lng: 131.2071 },
  { given: '二葉', kana: 'フタバ', birth: '1939-06-03', consent: 'not_asked', reason: 'physical_disability_1_2', source: 'disability_welfare', zone: 'zone-omine-1', lat: 34.1671, lng: 131.2083 },
  { given: '三枝', kana: 'サエ', birth: '1942-09-19', consent: 'refused', reason: 'self_request', source: 'self_report', zone: 'zone-omine-1', lat: null, lng: null },
  { given: '四朗', kana: 'シロウ', birth: '1940-12-24', consent: 'given', reason: 'recommended', source: 'commissioner_recommendation', zone: 'zone-omine-2', lat: 34.1702, lng: 131.2102 },
] as const;

/**
 * Demo data for `npm start` (never in tests): four fictional registrants (デモ避難 …) of 大嶺 and a
 * fictional shelter, so the registry, disaster mode and the roll-call have something to show. Once.
 */
export async function seedEvacuationDemo(db: Db, m: string): Promise<number> {
  return db.transaction(async (tx) => {
    if (await findShelter(tx, m, 'demo-omine-gym')) return 0;
    await insertShelter(tx, m, { id: 'demo-omine-gym', name: '大嶺体育館（デモ・架空）', kind: 'designated', districtUnitId: 'district-omine', address: '美祢市大嶺町東分200（架空）', lat: 34.168, lng: 131.209 });
    for (const [i, d] of DEMO.entries()) {
      const personId = crypto.randomUUID();
      const person = { familyName: 'デモ避難', givenName: d.given, familyNameKana: 'デモヒナン', givenNameKana: d.kana, aliasName: '', address: `美祢市大嶺町東分${300 + i}（架空）`, phone: '' };
      await insertPersonRow(tx, {
        municipalityCode: m, personId, ...person, birthDate: d.birth, sex: null, postalCode: '', householdId: null, householdRelation: '', dataController: 'city',
        ownerUnitId: 'district-omine', areaId: d.zone, createdBy: null, keys: personKeys(person),
      });
      const id = timeOrderedId(Date.now() + i, crypto.randomBytes(8).toString('hex'));
      const given = d.consent === 'given';
      await insertRegistrant(tx, m, {
        id, personId, districtUnitId: 'district-omine', zoneAreaId: d.zone, lat: d.lat, lng: d.lng,
        reasons: [{ code: d.reason, source: d.source, confirmedOn: '2026-04-01', note: 'デモ（架空）' }], consentState: d.consent,
        consentRecipients: given ? ['commissioner'] : [], consentRecordedOn: d.consent === 'not_asked' ? null : '2026-04-10', sharedWith: given ? ['commissioner'] : [],
        mobility: i === 1 ? '車いす（デモ）' : '', note: 'デモ（架空）', createdBy: 'system',
      });
      await appendAudit(tx, { municipalityCode: m, actorAccountId: null, actorLoginId: 'system', action: 'evacuation_registrant.created', subjectType: 'evacuation_registrant', subjectId: id, outcome: 'allowed', details: { demo: true } });
    }
    return DEMO.length;
  });
}
