/** No partitions of its own: its last runs are messaging's record entities. */
export const operationsOnTables = { partitions: [], create: () => ({}) };
