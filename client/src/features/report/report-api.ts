import { AUTH_HEADER, ErrorBody, Report, RoundList, bearer } from "@mockroom/shared";
import { ApiError, toErrorCode } from "../../session/index.ts";

const get = async <T>(path: string, token: string, parse: (body: unknown) => T): Promise<T> => {
  let res: Response;
  try {
    res = await fetch(path, { headers: { [AUTH_HEADER]: bearer(token) } });
  } catch {
    throw new ApiError("network", "Mockroom could not be reached", 0);
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = ErrorBody.safeParse(body);
    throw new ApiError(toErrorCode(err.success ? err.data.error.code : undefined), `HTTP ${res.status}`, res.status);
  }
  return parse(body);
};

const room = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}`;

export const fetchReport = (roomId: string, round: number, token: string): Promise<Report> =>
  get(`${room(roomId)}/rounds/${round}/report`, token, (b) => Report.parse(b));

export const fetchRounds = (roomId: string, token: string): Promise<RoundList> =>
  get(`${room(roomId)}/rounds`, token, (b) => RoundList.parse(b));
