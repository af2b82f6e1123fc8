export { JoinPage, type JoinPageProps } from "./JoinPage.tsx";
export { absorbInviteFragment, arrivedInvite, decideEntry, roomIdFromPath, type Entry } from "./join-model.ts";
