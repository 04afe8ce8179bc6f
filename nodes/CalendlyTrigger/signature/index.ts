export * from './verifyCalendlySignature';
export * from './patKey';
export * from './currentPatKey';
