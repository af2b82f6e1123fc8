import { AUTH_HEADER, ErrorBody, ReplayAccess, bearer, parseTimeline, type Timeline } from "@mockroom/shared";
import { ApiError, toErrorCode } from "../../session/index.ts";

const base = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}`;

const get = async (path: string, token: string, init: RequestInit = {}): Promise<Response> => {
  const headers = new Headers(init.headers);
  headers.set(AUTH_HEADER, bearer(token));
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers });
  } catch {
    throw new ApiError("network", "Mockroom could not be reached", 0);
  }
  if (!res.ok) {
    const body = ErrorBody.safeParse(await res.json().catch(() => null));
    throw new ApiError(toErrorCode(body.success ? body.data.error.code : undefined), `HTTP ${res.status}`, res.status);
  }
  return res;
};

export const fetchTimeline = async (roomId: string, round: number, token: string): Promise<Timeline> => {
  const res = await get(`${base(roomId)}/rounds/${round}/replay`, token);
  // Not Timeline.safeParse: zod over tens of thousands of changes was most of the first frame.
  const parsed = parseTimeline(await res.json());
  if (!parsed.success) throw new ApiError("invalid_message", "unexpected replay payload", res.status);
  return parsed.data;
};

/** Audio is fetched with the bearer header (tokens never go in URLs) and played from a blob URL. */
export const fetchTrackUrl = async (roomId: string, round: number, trackId: string, token: string): Promise<string> => {
  const res = await get(`${base(roomId)}/rounds/${round}/tracks/${encodeURIComponent(trackId)}/audio`, token);
  return URL.createObjectURL(await res.blob());
};

export const downloadExport = async (roomId: string, round: number, token: string): Promise<void> => {
  const res = await get(`${base(roomId)}/rounds/${round}/export`, token);
  const name =
    /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? `mockroom-round-${round}.zip`;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

export const setObserverAccess = async (
  roomId: string,
  token: string,
  observersAllowed: boolean,
): Promise<ReplayAccess> => {
  const body: ReplayAccess = { observersAllowed };
  const res = await get(`${base(roomId)}/replay/access`, token, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return ReplayAccess.parse(await res.json());
};

export const fetchObserverAccess = async (roomId: string, token: string): Promise<ReplayAccess> =>
  ReplayAccess.parse(await (await get(`${base(roomId)}/replay/access`, token)).json());
