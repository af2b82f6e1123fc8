import { scoringStoreContract } from "./scoring-contract.ts";
import { createMemoryScoringStore } from "./scoring-memory.ts";

scoringStoreContract("memory", async () => ({ store: createMemoryScoringStore(), close: async () => {} }), {
  durable: false,
});
