export * from './enums.ts';
export * from './org.ts';
export * from './channels.ts';
export * from './media.ts';
export * from './content.ts';
export * from './deliveries.ts';
export * from './system.ts';
export * from './site.ts';
