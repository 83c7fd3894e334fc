/** The evacuation module (避難行動要支援者名簿, 個別避難計画, disaster mode, 安否確認). Other code imports only this file. */
export { evacuationRoutes } from './evacuation.routes';
export { disasterRoutes } from './disasters.routes';
// Who may see a registrant (the record type the gate loads it by).
export { REGISTRANT, REGISTRANT_VISIBILITY } from './evacuation.policy';
// Demo data for `npm start` (server/main.ts, never in tests).
export { seedEvacuationDemo } from './evacuation.demo';
