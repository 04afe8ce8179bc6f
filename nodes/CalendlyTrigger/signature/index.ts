export * from './verifyCalendlySignature';
export * from './currentPatKey';
