/** No item kinds of its own: its last runs are messaging's record items. */
export const operationsOnDynamoDb = { itemKinds: [], create: () => ({}) };
