// Public surface of the directory's code lists and schedule rules; import from here.
export * from './codes';
export * from './schedule';
export { formatHours } from './hours';
