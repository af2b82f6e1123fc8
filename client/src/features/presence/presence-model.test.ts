import { describe, expect, it } from "vitest";
import type { ParticipantView } from "@mockroom/shared";
import { peopleOf, stackLabel, stackOf } from "./presence-model.ts";

const p = (id: string, role: ParticipantView["role"], online: boolean, name = id): ParticipantView => ({
  id: id.padEnd(8, "x"),
  name,
  role,
  colour: "#000000",
  online,
  lead: false,
});

describe("peopleOf", () => {
  it("orders by role, then online, then name", () => {
    const people = peopleOf(
      [p("obs", "observer", true), p("cand", "candidate", false), p("int", "interviewer", true)],
      "intxxxxx",
      [],
    );
    expect(people.map((x) => x.role)).toEqual(["interviewer", "candidate", "observer"]);
    expect(people[0]?.isMe).toBe(true);
  });

  it("offers Follow only for other online people with a live viewport", () => {
    const people = peopleOf(
      [p("me", "interviewer", true), p("cand", "candidate", true), p("gone", "candidate", false)],
      "mexxxxxx",
      ["mexxxxxx", "candxxxx", "gonexxxx"],
    );
    expect(people.filter((x) => x.followable).map((x) => x.id)).toEqual(["candxxxx"]);
  });
});

describe("avatar stack", () => {
  const people = peopleOf(
    [
      p("i1", "interviewer", true, "Ivy Interviewer"),
      p("c1", "candidate", true, "Cam Candidate"),
      p("c2", "candidate", false, "Old Tab"),
      p("o1", "observer", true, "Obi"),
      p("o2", "observer", true, "Oda"),
      p("o3", "observer", true, "Oz"),
    ],
    "i1xxxxxx",
    [],
  );

  it("shows online people first, at most `max`, and counts the rest", () => {
    const s = stackOf(people, 4);
    expect(s.shown.map((x) => x.name)).toEqual(["Ivy Interviewer", "Cam Candidate", "Obi", "Oda"]);
    expect(s.more).toBe(2);
    expect(s.online).toBe(5);
  });

  it("never shows offline people in the stack", () => {
    expect(stackOf(people, 10).shown.every((x) => x.online)).toBe(true);
    expect(stackOf(people, 10).more).toBe(1);
  });

  it("names who is speaking in the button's label (the avatars are only initials)", () => {
    expect(stackLabel(people, new Set(["c1xxxxxx"]))).toBe(
      "People: 5 online of 6; speaking: Cam Candidate. Show the list",
    );
    expect(stackLabel(people, new Set())).toBe("People: 5 online of 6. Show the list");
  });
});
