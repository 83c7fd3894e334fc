/** The tables of the HSDS CSV package the server writes (server/modules/directory/hsds.csv.ts). */
export const TABLES = [
  'organization', 'service', 'location', 'address', 'service_at_location', 'service_area', 'phone', 'contact', 'schedule', 'language',
  'accessibility', 'cost_option', 'required_document', 'taxonomy', 'taxonomy_term', 'attribute',
] as const;
