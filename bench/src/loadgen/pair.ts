import * as decoding from "lib0/decoding";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { DocKey, PROTOCOL_VERSION, YJS_PATH, YMessage, decodeBoardValue, encodeBoardValue } from "@mockroom/shared";
import { rectangleElement } from "@mockroom/shared/testing";

/** Where a pair of clients connects: Mockroom needs a doc id and tokens, the reference only a name. */
export type Endpoint =
  | { kind: "mockroom"; url: string; docId: string; writerToken: string; readerToken: string }
  | { kind: "reference"; url: string; docId: string };

/** The real client's reconnect ceiling (client/src/realtime/doc-connection.ts). */
const MAX_BACKOFF_MS = 2_500;

/** One real y-websocket client, plus what the Mockroom server told it. */
export class Client {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  /** Highest clock of our own client id that the server acknowledged as durable (DOC2). */
  acked = 0;
  /** The whole durable state vector from the latest Persisted ack. */
  ackedVector = new Map<number, number>();
  errors = 0;
  /** When armed, the state vector of the next sync step 1 the server sends (its state at our join). */
  captureStep1 = false;
  step1Vector: Map<number, number> | null = null;

  constructor(endpoint: Endpoint, token: string | null, name: string) {
    const base = endpoint.url.replace(/^http/, "ws");
    this.provider = new WebsocketProvider(
      endpoint.kind === "mockroom" ? `${base}${YJS_PATH}` : base,
      endpoint.docId,
      this.doc,
      {
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        params: token ? { token, v: String(PROTOCOL_VERSION) } : {},
        connect: false,
        disableBc: true,
        maxBackoffTime: MAX_BACKOFF_MS,
      },
    );
    // Like the app: every client announces who it is.
    this.provider.awareness.setLocalStateField("user", { name, colourIndex: 0 });
    this.provider.messageHandlers[YMessage.Persisted] = (_enc, dec) => {
      this.ackedVector = Y.decodeStateVector(decoding.readVarUint8Array(dec));
      const clock = this.ackedVector.get(this.doc.clientID) ?? 0;
      if (clock > this.acked) this.acked = clock;
    };
    this.provider.messageHandlers[YMessage.Error] = () => {
      this.errors++;
    };
    // Mockroom names the doc's epoch first (DOC13); a load client never reconnects with an old doc.
    this.provider.messageHandlers[YMessage.Epoch] = () => {};
    const handleSync = this.provider.messageHandlers[YMessage.Sync]!;
    this.provider.messageHandlers[YMessage.Sync] = (enc, dec, provider, emitSynced, type) => {
      if (this.captureStep1) {
        const peek = decoding.clone(dec);
        if (decoding.readVarUint(peek) === 0) {
          this.step1Vector = Y.decodeStateVector(decoding.readVarUint8Array(peek));
          this.captureStep1 = false;
        }
      }
      handleSync(enc, dec, provider, emitSynced, type);
    };
  }

  connect(): void {
    this.provider.connect();
  }

  get synced(): boolean {
    return this.provider.synced;
  }

  /** Our own clock: how many items this client has written. */
  get clock(): number {
    return Y.getState(this.doc.store, this.doc.clientID);
  }

  destroy(): void {
    this.provider.destroy();
    this.doc.destroy();
  }
}

const BOARD_ELEMENTS = 8;
const CHARS = "abcdefghijklmnopqrstuvwxyz0123456789 ";

/** An Excalidraw rectangle with a random nonce and the current time, as an editor writes it (BRD2). */
export const boardElement = (id: string, i: number, version: number, x: number, y: number): Record<string, unknown> =>
  rectangleElement(id, i, version, x, y, { versionNonce: Math.floor(Math.random() * 2 ** 31), updated: Date.now() });

/** The board map value for that element, as the app writes it. */
export const boardValue = (id: string, i: number, version: number, x: number, y: number): string =>
  encodeBoardValue(boardElement(id, i, version, x, y));

/**
 * One room of the sync-load benchmark: a writer that edits every interval (20 characters into the
 * pad, then an element move on the board, alternately) and a reader that timestamps the arrival
 * of each edit. Both live in this process, so one clock times both ends.
 */
export class Pair {
  readonly writer: Client;
  readonly reader: Client;
  private sentAt: number[] = [];
  /** The writer's clock after each edit: the reader has edit k once it holds that clock. */
  private clockAfter: number[] = [];
  delivered = 0;
  private versions: number[] = [];
  private timer: NodeJS.Timeout | null = null;
  private tick = 0;

  constructor(
    endpoint: Endpoint,
    private readonly latencies: number[],
    private readonly now: () => number,
  ) {
    this.writer = new Client(endpoint, endpoint.kind === "mockroom" ? endpoint.writerToken : null, "writer");
    this.reader = new Client(endpoint, endpoint.kind === "mockroom" ? endpoint.readerToken : null, "reader");
    this.reader.doc.on("update", this.onReaderUpdate);
  }

  get sent(): number {
    return this.sentAt.length;
  }

  connect(): void {
    this.writer.connect();
    this.reader.connect();
  }

  get synced(): boolean {
    return this.writer.synced && this.reader.synced;
  }

  /** Seeds the board the writer will move elements on; not timed. */
  seedBoard(): void {
    const board = this.writer.doc.getMap(DocKey.Board);
    this.writer.doc.transact(() => {
      for (let i = 0; i < BOARD_ELEMENTS; i++) {
        const id = `el-${i}`;
        const version: unknown = Reflect.get(decodeBoardValue(board.get(id)) ?? {}, "version");
        this.versions[i] = (typeof version === "number" ? version : 0) + 1;
        board.set(id, boardValue(id, i, this.versions[i]!, i * 200, 100));
      }
    });
  }

  start(intervalMs: number): void {
    const offset = Math.floor(Math.random() * intervalMs);
    this.timer = setTimeout(() => {
      this.edit();
      this.timer = setInterval(() => this.edit(), intervalMs);
    }, offset);
  }

  stop(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      clearInterval(this.timer);
    }
    this.timer = null;
  }

  get allDelivered(): boolean {
    return this.delivered === this.sentAt.length;
  }

  private edit(): void {
    const t = this.tick++;
    if (t % 2 === 0) {
      const pad = this.writer.doc.getText(DocKey.Pad);
      let chunk = "";
      for (let i = 0; i < 20; i++) chunk += CHARS[(t + i) % CHARS.length];
      pad.insert(pad.length, chunk);
    } else {
      const i = (t >> 1) % BOARD_ELEMENTS;
      const v = (this.versions[i] ?? 0) + 1;
      this.versions[i] = v;
      const id = `el-${i}`;
      this.writer.doc.getMap(DocKey.Board).set(id, boardValue(id, i, v, Math.random() * 1000, Math.random() * 600));
    }
    // Timestamp after the local transaction: the provider has just handed the update to the socket.
    this.sentAt.push(this.now());
    this.clockAfter.push(this.writer.clock);
  }

  private readonly onReaderUpdate = (): void => {
    if (this.delivered === this.sentAt.length) return;
    const have = Y.getState(this.reader.doc.store, this.writer.doc.clientID);
    const t = this.now();
    while (this.delivered < this.sentAt.length && this.clockAfter[this.delivered]! <= have) {
      this.latencies.push(t - this.sentAt[this.delivered]!);
      this.delivered++;
    }
  };

  destroy(): void {
    this.stop();
    this.reader.doc.off("update", this.onReaderUpdate);
    this.writer.destroy();
    this.reader.destroy();
  }
}
