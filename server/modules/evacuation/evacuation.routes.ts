import { z } from 'zod';
import {
  Copy, CopyClose, CopyCreate, EvacuationPlan, HazardImport, HazardImportResult, JukiDiffResult, JukiDiffUpload, Worklist, WorklistQuery, EvacuationSettings, EvacuationSettingsView, PlanSave, Provision, ProvisionClose, ProvisionCreate, Registrant, RegistrantCreate, RegistrantList, RegistrantListQuery,
  RegistrantUpdate, Shelter, ShelterCreate,
} from '../../../core/contracts/evacuation';
import type { Config } from '../../platform/config';
import { route, type Route } from '../../platform/http';
import { closeCopy, issueCopy, listCopies, printCopy } from './copies.service';
import { importHazards, worklist } from './hazards.service';
import { reviewJukiDiff } from './juki.service';
import { getPlan, savePlan } from './plans.service';
import { closeProvision, createProvision, listProvisions } from './provisions.service';
import { createRegistrant, getRegistrant, listRegistrants, updateRegistrant } from './registrants.service';
import { createShelter, getSettings, listShelters, putSettings } from './settings.service';
import { exportSurvey } from './survey.service';

const Params = z.strictObject({ id: z.string().min(1).max(64) });
const ExportQuery = z.strictObject({ encoding: z.enum(['cp932', 'utf8']).default('cp932') });
const tags = ['evacuation'];
const read = { permission: 'evacuation.read' } as const;
const write = { permission: 'evacuation.write' } as const;
const configure = { permission: 'evacuation.configure' } as const;
const provide = { permission: 'evacuation.provide' } as const;

/** 避難行動要支援者名簿 and 個別避難計画 (docs/evacuation.md). The paths marked fixed are issue #12's API. */
export function evacuationRoutes(config: Config): Route[] {
  return [
    route({
      method: 'POST', url: '/api/evacuation/registrants', summary: 'Put a person on the registry (fixed): reasons with source and date, consent', tags,
      auth: write, body: RegistrantCreate, response: Registrant, status: 201, handler: ({ body, ctx }) => createRegistrant(ctx, body),
    }),
    route({
      method: 'GET', url: '/api/evacuation/registrants', summary: 'The registry as the actor may see it, per district (fixed: ?district=), keyset-paged', tags,
      auth: read, query: RegistrantListQuery, response: RegistrantList, handler: ({ query, ctx }) => listRegistrants(ctx, query),
    }),
    route({
      method: 'GET', url: '/api/evacuation/registrants/:id', summary: 'One registrant (holders, consent or ordinance, or a disaster grant)', tags,
      auth: read, params: Params, response: Registrant, handler: ({ params, ctx }) => getRegistrant(ctx, params.id),
    }),
    route({
      method: 'PATCH', url: '/api/evacuation/registrants/:id', summary: 'Change a registrant, record 登録辞退 (holders; version)', tags,
      auth: write, params: Params, body: RegistrantUpdate, response: Registrant, handler: ({ params, body, ctx }) => updateRegistrant(ctx, params.id, body),
    }),
    route({
      method: 'POST', url: '/api/evacuation/registrants/:id/plan', summary: 'Save a new version of the 個別避難計画 (fixed; 409 on a stale version)', tags,
      auth: write, params: Params, body: PlanSave, response: EvacuationPlan, status: 201, handler: ({ params, body, ctx }) => savePlan(ctx, params.id, body),
    }),
    route({
      method: 'GET', url: '/api/evacuation/registrants/:id/plan', summary: 'The current 個別避難計画 of a registrant', tags,
      auth: read, params: Params, response: EvacuationPlan, handler: ({ params, ctx }) => getPlan(ctx, params.id),
    }),
    route({ method: 'GET', url: '/api/evacuation/settings', summary: 'The consent regime and the eligibility rules', tags, auth: configure, response: EvacuationSettingsView, handler: ({ ctx }) => getSettings(ctx) }),
    route({
      method: 'PUT', url: '/api/evacuation/settings', summary: 'Set the consent regime (第49条の11第2項) and the eligibility rules; sharing is recomputed', tags,
      auth: configure, body: EvacuationSettings, response: EvacuationSettingsView, handler: ({ body, ctx }) => putSettings(ctx, body),
    }),
    route({
      method: 'GET', url: '/api/evacuation/provisions', summary: 'Provision records to 避難支援等関係者 (agreements, pledges, copies)', tags,
      auth: provide, response: z.array(Provision), unaudited: 'organisations, agreements and dates; no registrant', handler: ({ ctx }) => listProvisions(ctx),
    }),
    route({
      method: 'POST', url: '/api/evacuation/provisions', summary: 'Record a provision: agreement, pledge of confidentiality (第49条の13), what was given', tags,
      auth: provide, body: ProvisionCreate, response: Provision, status: 201, handler: ({ body, ctx }) => createProvision(ctx, body),
    }),
    route({
      method: 'POST', url: '/api/evacuation/provisions/:id/close', summary: 'A provision returned or destroyed: its normal-time access ends', tags,
      auth: provide, params: Params, body: ProvisionClose, response: Provision, handler: ({ params, body, ctx }) => closeProvision(ctx, params.id, body),
    }),
    route({
      method: 'GET', url: '/api/evacuation/shelters', summary: 'Shelters (指定避難所, 福祉避難所)', tags,
      auth: read, response: z.array(Shelter), unaudited: 'places, no personal data', handler: ({ ctx }) => listShelters(ctx),
    }),
    route({
      method: 'POST', url: '/api/evacuation/shelters', summary: 'Register a shelter', tags,
      auth: configure, body: ShelterCreate, response: Shelter, status: 201, handler: ({ body, ctx }) => createShelter(ctx, body),
    }),
    route({
      method: 'GET', url: '/api/evacuation/survey', summary: 'The yearly survey figures (registrants, provision allowed, plans) per district as CSV (CP932 by default)', tags,
      auth: { permission: 'evacuation.export' }, query: ExportQuery, response: z.string().describe('text/csv'),
      handler: async ({ query, ctx, reply }) => {
        const out = await exportSurvey(ctx, query.encoding);
        reply.type(out.contentType).header('content-disposition', `attachment; filename="${out.fileName}"`);
        return out.body as unknown as string;
      },
    }),
    route({
      method: 'POST', url: '/api/evacuation/copies', summary: 'Issue a numbered paper copy (the registry of a district, or one plan) for a recipient', tags,
      auth: provide, body: CopyCreate, response: Copy, status: 201, handler: ({ body, ctx }) => issueCopy(ctx, body),
    }),
    route({
      method: 'GET', url: '/api/evacuation/copies', summary: 'The copy ledger: handed out, returned, destroyed', tags,
      auth: provide, response: z.array(Copy), unaudited: 'copy numbers, recipients and dates; no registrant', handler: ({ ctx }) => listCopies(ctx),
    }),
    route({
      method: 'POST', url: '/api/evacuation/copies/:id/close', summary: 'A copy returned or destroyed', tags,
      auth: provide, params: Params, body: CopyClose, response: Copy, handler: ({ params, body, ctx }) => closeCopy(ctx, params.id, body),
    }),
    route({
      method: 'GET', url: '/api/evacuation/copies/:id/pdf', summary: 'The A4 PDF of a handed-out copy, marked with its number and recipient', tags,
      auth: provide, params: Params, response: z.string().describe('application/pdf'),
      handler: async ({ params, ctx, reply }) => {
        const pdf = await printCopy(ctx, params.id, config.pdfFontFile);
        reply.type('application/pdf').header('content-disposition', `inline; filename="evacuation-copy-${params.id}.pdf"`);
        return pdf as unknown as string;
      },
    }),
    route({
      method: 'POST', url: '/api/evacuation/hazards/import', summary: 'Import hazard areas (GeoJSON Polygon/MultiPolygon with a kind) and test every registrant\'s point', tags,
      auth: configure, body: HazardImport, response: HazardImportResult, bodyLimit: 20 * 1024 * 1024, handler: ({ body, ctx }) => importHazards(ctx, body),
    }),
    route({
      method: 'GET', url: '/api/evacuation/worklist', summary: 'Registrants in hazard areas, highest priority (hazard × condition) first', tags,
      auth: read, query: WorklistQuery, response: Worklist, handler: ({ query, ctx }) => worklist(ctx, query),
    }),
    route({
      method: 'POST', url: '/api/evacuation/juki-diff', summary: 'Read a 住基 difference file (moved, died, entered a facility): the registry updates to review (nothing changed)', tags,
      auth: write, body: JukiDiffUpload, response: JukiDiffResult, bodyLimit: 8 * 1024 * 1024, handler: ({ body, ctx }) => reviewJukiDiff(ctx, body.fileBase64),
    }),
  ];
}
