export * from './settings';
export * from './bookingRecord';
export * from './cardState';
export * from './decide';
export * from './contactRecord';
export * from './recapRecord';
