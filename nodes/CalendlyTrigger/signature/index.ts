export * from './verifyCalendlySignature';
