import type { z } from 'zod';
import type { Location, Organization, Service } from '../../../core/contracts/directory';
import type { HsdsOrganizationQuery, HsdsServiceQuery, HsdsTaxonomyQuery, HsdsTermQuery } from '../../../core/contracts/hsds';
import { searchKey } from '../../../core/japanese';
import type { Directory } from './directory.repo';
import {
  type Obj, TAXONOMY_LIST, TERM_LIST, organizationFields, presentOrganization, presentService, presentServiceListItem, serviceAttributeTerms, serviceFields,
} from './hsds';

/**
 * The HSDS API 3.0 read endpoints over one municipality's directory (pure: the routes load
 * the directory and the unit names). Lists are HSDS `Page`s; query parameters are cumulative
 * (AND), as the API reference requires. A municipality's directory is small (tens to hundreds
 * of records), so filtering the loaded directory is the plan, not an index walk.
 */

/** The HSDS API 3.0 page around a list: `size` is the number of entities in this page (the API reference's meaning). */
export function hsdsPageOf<T>(all: readonly T[], page: number, perPage: number) {
  const totalPages = Math.max(1, Math.ceil(all.length / perPage));
  const contents = all.slice((page - 1) * perPage, page * perPage);
  return {
    total_items: all.length, total_pages: totalPages, page_number: page, size: contents.length,
    first_page: page === 1, last_page: page >= totalPages, empty: contents.length === 0, contents,
  };
}

/** Every word of `search`, folded as the stored keys are, occurs in `key`. */
function matches(key: string, search: string | undefined): boolean {
  const words = (search ?? '').split(/[\s\u3000]+/u).map(searchKey).filter((w) => w.length > 0);
  return words.every((w) => key.includes(w));
}

/** `modified_after` as an instant: a bare date is midnight in Japan. */
const instant = (v: string) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00+09:00` : v).getTime();

type ServiceQuery = z.output<typeof HsdsServiceQuery>;

/** The published services a `/services` query selects. */
export function selectServices(dir: Directory, q: ServiceQuery): Service[] {
  const since = q.modified_after ? instant(q.modified_after) : null;
  return dir.services.filter((s) => {
    if (!s.isPublished) return false;
    if (q.organization_id && s.organizationId !== q.organization_id) return false;
    if (since !== null && new Date(s.updatedAt).getTime() < since) return false;
    const terms = serviceAttributeTerms(s);
    if (q.taxonomy_term_id && !terms.some((t) => t.id === q.taxonomy_term_id)) return false;
    if (q.taxonomy_id && !terms.some((t) => t.taxonomy_id === q.taxonomy_id)) return false;
    return matches(dir.searchKeys.get(s.id) ?? '', q.search);
  });
}

/**
 * One item of a `/services` page: the service's own fields and its organisation's (HSDS
 * `service_list`); `full` nests everything; `minimal` keeps the id and `last_modified` (the
 * reference's "modified_date"), with `name` and `status`, which `service_list` requires.
 */
export function presentServicesPage(dir: Directory, q: ServiceQuery, unitNames: Map<string, string>) {
  const orgs = new Map(dir.organizations.map((o) => [o.id, o]));
  const locations = new Map(dir.locations.map((l) => [l.id, l]));
  const present = (s: Service): Obj => {
    if (q.minimal) return { id: s.id, name: s.name, status: s.status, last_modified: s.updatedAt };
    if (q.full) return presentService(s, unitNames, { organization: orgs.get(s.organizationId), locations });
    return presentServiceListItem(s, orgs.get(s.organizationId));
  };
  return hsdsPageOf(selectServices(dir, q).map(present), q.page, q.per_page);
}

/** `/services/{id}`: one published service, fully nested (organisation, locations), or null. */
export function presentOneService(dir: Directory, id: string, unitNames: Map<string, string>): Obj | null {
  const s = dir.services.find((x) => x.id === id && x.isPublished);
  if (!s) return null;
  const locations = new Map<string, Location>(dir.locations.map((l) => [l.id, l]));
  return presentService(s, unitNames, { organization: dir.organizations.find((o) => o.id === s.organizationId), locations });
}

/** An organisation with its published services: their own fields, or (`fullService`) each fully nested. */
function organizationWithServices(dir: Directory, o: Organization, fullService: boolean, unitNames: Map<string, string>): Obj {
  const services = dir.services.filter((s) => s.isPublished && s.organizationId === o.id);
  return presentOrganization(o, services.map((s) => (fullService ? presentService(s, unitNames) : serviceFields(s))));
}

/** `/organizations`: their own fields (HSDS `organization_list`), `full` with contacts, phones and services, `full_service` with each service nested. */
export function presentOrganizationsPage(dir: Directory, q: z.output<typeof HsdsOrganizationQuery>, unitNames: Map<string, string>) {
  const found = dir.organizations.filter((o) => matches(searchKey(`${o.name} ${o.nameReading} ${o.alternateName}`), q.search));
  const present = (o: Organization) => (q.full || q.full_service ? organizationWithServices(dir, o, q.full_service === true, unitNames) : organizationFields(o));
  return hsdsPageOf(found.map(present), q.page, q.per_page);
}

/** `/organizations/{id}`: fully nested, its services with their own fields (or nested with `full_service`), or null. */
export function presentOneOrganization(dir: Directory, id: string, fullService: boolean, unitNames: Map<string, string>): Obj | null {
  const o = dir.organizations.find((x) => x.id === id);
  return o ? organizationWithServices(dir, o, fullService, unitNames) : null;
}

const describedBy = (o: Obj) => searchKey(`${String(o.name)} ${String(o.description)}`);

/** `/taxonomies`: the taxonomies our attributes use. */
export function presentTaxonomiesPage(q: z.output<typeof HsdsTaxonomyQuery>) {
  return hsdsPageOf(TAXONOMY_LIST.filter((x) => matches(describedBy(x), q.search)), q.page, q.per_page);
}

/** `/taxonomy_terms`: our terms, by taxonomy; none has a parent, so `top_only` keeps them all and `parent_id` finds none. */
export function presentTermsPage(q: z.output<typeof HsdsTermQuery>) {
  const found = TERM_LIST.filter((x) => (!q.taxonomy_id || x.taxonomy_id === q.taxonomy_id) && !q.parent_id && matches(describedBy(x), q.search));
  return hsdsPageOf(found, q.page, q.per_page);
}
