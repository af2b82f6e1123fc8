import * as Y from "yjs";
import { CARRY_OVER_ORIGIN } from "./doc-reset.ts";
import { Store } from "./store.ts";

export type SaveState = "saved" | "saving";

/**
 * Knows whether everything this tab wrote is durable on the server.
 *
 * A tab may write under several client ids: Yjs picks a new one if it sees its own id used by
 * another peer, and a doc keeps the edits made before a reconnect. So we remember every client id
 * we wrote with, and call the doc saved only when, for each of them, the durable state vector the
 * server reported reaches our local clock.
 */
export class SaveTracker {
  readonly state = new Store<SaveState>("saved");
  private readonly authored = new Set<number>();
  private readonly durable = new Map<number, number>();

  constructor(private readonly doc: Y.Doc) {
    doc.on("update", this.onUpdate);
  }

  private readonly onUpdate = (_update: Uint8Array, _origin: unknown, doc: Y.Doc, tr: Y.Transaction) => {
    // Remote updates arrive in non-local transactions; only our own writes need an ack. The one
    // exception: a doc reset applies this tab's unsaved edits from the old doc as an update (DOC13).
    const carried = tr.origin === CARRY_OVER_ORIGIN;
    if (!tr.local && !carried) return;
    this.authored.add(doc.clientID);
    // Carried edits keep the ids they were written with, and need an ack just the same. (Only then:
    // an ordinary edit moves our own clock alone, and this runs on every keystroke.)
    if (carried)
      for (const [client, clock] of tr.afterState) {
        if (clock > (tr.beforeState.get(client) ?? 0)) this.authored.add(client);
      }
    this.recompute();
  };

  /** Merges a state vector the server promised is durable (acks only ever move forward). */
  markDurable(stateVector: Map<number, number>): void {
    for (const [client, clock] of stateVector) {
      if (clock > (this.durable.get(client) ?? 0)) this.durable.set(client, clock);
    }
    this.recompute();
  }

  /** Client ids with local edits the server has not yet confirmed, and how far behind each is. */
  unsaved(): Map<number, number> {
    const out = new Map<number, number>();
    for (const client of this.authored) {
      const local = Y.getState(this.doc.store, client);
      const durable = this.durable.get(client) ?? 0;
      if (durable < local) out.set(client, local - durable);
    }
    return out;
  }

  private recompute(): void {
    this.state.set(this.unsaved().size === 0 ? "saved" : "saving");
  }

  destroy(): void {
    this.doc.off("update", this.onUpdate);
  }
}
