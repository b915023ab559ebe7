/** No repositories of its own: its last runs are records in messaging's RecordStore. */
export const operationsOnMemory = { create: () => ({}) };
