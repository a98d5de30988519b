/** Where a reply body is built: one module per message type, Meta's limits checked in each. */
export * from './envelope';
export * from './limits';
export * from './text';
export * from './media';
export * from './location';
export * from './contacts';
export * from './interactive';
export * from './template';
export * from './reaction';
