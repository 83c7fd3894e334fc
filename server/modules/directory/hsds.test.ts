import { describe, expect, it } from 'vitest';
import type { Location, Organization, Service } from '../../../core/contracts/directory';
import { stableUuid } from './directory.repo';
import { presentDocument } from './hsds';
import { hsdsPageOf } from './hsds.api';
import { hsdsFieldName, unpackDocument } from './hsds.unpack';
import { fromCsvFiles, toCsvFiles } from './hsds.csv';

const meta = { version: 3, updatedAt: '2026-11-27T00:00:00.000Z' };
const org: Organization = {
  id: '11111111-1111-4111-8111-111111111111', name: '美祢市社会福祉協議会', nameReading: 'みねししゃかいふくしきょうぎかい', alternateName: '', description: '地域福祉の中心',
  email: 'mine@mine-shakyo.jp', website: '', unitId: 'council', isDemo: false, phones: [{ id: '22222222-2222-4222-8222-222222222222', number: '0837-52-5222', extension: null, type: 'voice', description: '' }],
  contacts: [], ...meta,
};
const loc: Location = {
  id: '33333333-3333-4333-8333-333333333333', organizationId: org.id, locationType: 'physical', name: '集会所', nameReading: '', alternateName: '', description: '', transportation: 'バス停から徒歩5分',
  latitude: 34.16, longitude: 131.2, unitId: null, addresses: [{ id: '44444444-4444-4444-8444-444444444444', attention: '', address1: '大嶺町', address2: '', city: '美祢市', region: '', stateProvince: '山口県', postalCode: '759-2292', country: 'JP', addressType: 'physical' }],
  phones: [], accessibility: [], languages: [], schedules: [], ...meta,
};
const svc: Service = {
  id: '55555555-5555-4555-8555-555555555555', organizationId: org.id, name: 'サロン, "ふれあい"', nameReading: 'さろん', alternateName: '', description: '改行も\n入る', easySummary: 'みんなで あつまります。',
  url: '', email: '', status: 'active', layer: 'mutual', categories: ['salon', 'living_support'], interpretationServices: '', applicationProcess: '', feesDescription: '100円',
  eligibilityDescription: '', minimumAge: 65, maximumAge: null, assuredDate: '2026-11-27', assurerEmail: '', alert: '', isPublished: false, isDemo: true,
  phones: [], languages: [{ id: '66666666-6666-4666-8666-666666666666', code: 'ja', name: '日本語', note: '' }], costOptions: [{ id: '77777777-7777-4777-8777-777777777777', option: '参加費', amount: 100, currency: 'JPY', amountDescription: 'お茶代', validFrom: null, validTo: null }],
  requiredDocuments: [], contacts: [], areaUnitIds: ['district-omine'], serviceAtLocations: [{ id: '88888888-8888-4888-8888-888888888888', locationId: loc.id, description: '' }],
  schedules: [{ id: '99999999-9999-4999-8999-999999999999', freq: 'MONTHLY', interval: 1, byday: '2TU,4TU', bymonthday: '', opensAt: '13:30', closesAt: '15:30', validFrom: null, validTo: null, dtstart: null, until: null, count: null, closedOnHolidays: false, description: '', notes: '', rrule: 'FREQ=MONTHLY;BYDAY=2TU,4TU' }],
  ...meta,
};
const units = new Map([['district-omine', '大嶺地区社会福祉協議会'], ['council', '美祢市社会福祉協議会']]);
const doc = presentDocument({ organizations: [org], locations: [loc], services: [svc] }, units);

describe('sasaeai → HSDS 3.0', () => {
  it('names fields as HSDS does; a value we do not have is left out, never null; our fields are attributes of our taxonomies', () => {
    const s = (doc.services as Record<string, unknown>[])[0] as Record<string, unknown>;
    expect(s).toMatchObject({ id: svc.id, organization_id: org.id, status: 'active', fees_description: '100円', minimum_age: 65, assured_date: '2026-11-27', last_modified: meta.updatedAt });
    expect(s).not.toHaveProperty('url');
    expect(s).not.toHaveProperty('maximum_age');
    const nulls: string[] = [];
    const walk = (v: unknown, path: string): void => {
      if (v === null) nulls.push(path);
      else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}.${i}`));
      else if (typeof v === 'object') for (const [k, x] of Object.entries(v as object)) walk(x, `${path}.${k}`);
    };
    walk(doc, 'doc');
    expect(nulls).toEqual([]);
    const attrs = (s.attributes as { link_type: string; value: string | null; taxonomy_term: { taxonomy: string; code: string } }[]).map((a) => `${a.taxonomy_term.taxonomy}:${a.taxonomy_term.code}=${a.value}`);
    expect(attrs).toEqual([
      'sasaeai-layer:mutual=undefined', 'sasaeai-category:salon=undefined', 'sasaeai-category:living_support=undefined', 'sasaeai-extension:published=false',
      'sasaeai-extension:demo=true', 'sasaeai-extension:easy_japanese_summary=みんなで あつまります。', 'sasaeai-extension:name_reading=さろん',
    ]);
    expect(s.service_areas).toEqual([{ id: stableUuid(`service-area:${svc.id}:district-omine`), service_id: svc.id, name: '大嶺地区社会福祉協議会', uri: 'urn:sasaeai:unit:district-omine' }]);
    const schedule = (s.schedules as Record<string, unknown>[])[0];
    expect(schedule).toMatchObject({ freq: 'MONTHLY', byday: '2TU,4TU', opens_at: '13:30', closes_at: '15:30', timezone: 9 });
    expect(schedule).not.toHaveProperty('bymonthday');
  });

  it('derived ids are UUIDs and stable', () => {
    expect(stableUuid('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableUuid('x')).toBe(stableUuid('x'));
    expect(stableUuid('x')).not.toBe(stableUuid('y'));
  });

  it('pages like the HSDS API 3.0 reference: size is the number of entities in this page, not the page size asked for', () => {
    expect(hsdsPageOf([1, 2, 3], 2, 2)).toEqual({ total_items: 3, total_pages: 2, page_number: 2, size: 1, first_page: false, last_page: true, empty: false, contents: [3] });
    expect(hsdsPageOf([1, 2, 3], 1, 2)).toMatchObject({ size: 2, first_page: true, last_page: false });
    expect(hsdsPageOf([], 1, 50)).toMatchObject({ total_pages: 1, size: 0, empty: true, first_page: true, last_page: true });
    expect(hsdsPageOf([1], 3, 50)).toMatchObject({ size: 0, empty: true, first_page: false, last_page: true });
  });
});

describe('HSDS 3.0 → sasaeai', () => {
  it('reads back every field, including those carried as attributes', () => {
    const back = unpackDocument(doc);
    expect(back.issues).toEqual([]);
    expect(back.services[0]).toMatchObject({
      id: svc.id, layer: 'mutual', categories: ['salon', 'living_support'], easySummary: svc.easySummary, nameReading: 'さろん', isPublished: false, isDemo: true,
      areaUnitIds: ['district-omine'], minimumAge: 65, maximumAge: null, url: '', description: '改行も\n入る',
    });
    const schedules = back.services[0]?.schedules as { closedOnHolidays: boolean }[] | undefined;
    expect(schedules?.[0]?.closedOnHolidays).toBe(false);
    expect(back.organizations[0]).toMatchObject({ unitId: 'council', nameReading: org.nameReading, isDemo: false });
  });

  it('attributes of other taxonomies are counted and left out; a service without a layer is an issue', () => {
    const foreign = structuredClone(doc) as { services: { attributes: unknown[] }[] };
    (foreign.services[0] as { attributes: unknown[] }).attributes = [{ id: 'a', link_id: svc.id, taxonomy_term_id: 'someone-elses', link_entity: 'service' }];
    const back = unpackDocument(foreign);
    expect(back.ignoredAttributes).toBe(1);
    expect(back.issues.map((i) => i.path)).toEqual([['services', 0, 'attributes']]);
  });

  it('error paths use HSDS field names', () => {
    expect(['closesAt', 'address1', 'organizationId', 'areaUnitIds', 'layer', 3].map(hsdsFieldName)).toEqual(['closes_at', 'address_1', 'organization_id', 'service_areas', 'attributes', 3]);
  });
});

describe('the CSV package', () => {
  it('one file per table; commas, quotes and line breaks survive; nesting back gives the same document', () => {
    const files = toCsvFiles(doc);
    expect(files['service.csv']).toContain('"サロン, ""ふれあい"""');
    const { doc: back, issues } = fromCsvFiles(files);
    expect(issues).toEqual([]);
    expect(toCsvFiles(back)).toEqual(files);
    expect(unpackDocument(back).services[0]).toEqual(unpackDocument(doc).services[0]);
  });
});
