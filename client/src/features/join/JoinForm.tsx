import { useState, type FormEvent } from "react";
import { DisplayName, MAX_NAME_CHARS, ROLE_BLURBS, ROUND_TYPE_LABELS, type InviteInfo } from "@mockroom/shared";
import { ROLE_LABELS, RoleBadge, problemCopy, type Problem } from "../../common/index.ts";
import { loadDisplayName } from "../../session/index.ts";
import { ArrowRightIcon, Button, TextField } from "../../ui/index.ts";
import { MicCheck } from "./MicCheck.tsx";

export interface JoinFormProps {
  info: InviteInfo;
  joining: boolean;
  problem: Problem | null;
  /** Why we are asking again, e.g. after a session ended. */
  notice?: string | null;
  onJoin: (name: string) => void;
}

export const JoinForm = ({ info, joining, problem, notice, onJoin }: JoinFormProps) => {
  const [name, setName] = useState(loadDisplayName);
  const [error, setError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = DisplayName.safeParse(name);
    if (!parsed.success) {
      setError(name.trim() ? `Keep it under ${MAX_NAME_CHARS} characters.` : "Enter the name others will see.");
      return;
    }
    setError(null);
    onJoin(parsed.data);
  };

  return (
    <main className="join">
      <form className="join__card" onSubmit={submit} noValidate aria-labelledby="join-title" data-testid="join-form">
        <p className="join__eyebrow">You're invited to a mock interview</p>
        <h1 id="join-title" className="join__title" data-testid="join-room-title">
          {info.title}
        </h1>
        <p className="join__type">{ROUND_TYPE_LABELS[info.roundType]}</p>
        <div className="join__role">
          <span className="join__role-label">Your role</span>
          <RoleBadge role={info.role} size="lg" />
          <p className="join__role-blurb">{ROLE_BLURBS[info.role]}</p>
        </div>
        {notice && (
          <p className="join__notice" role="status">
            {notice}
          </p>
        )}
        <TextField
          label="Your name"
          hint="Shown to everyone in the room. Remembered on this browser."
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={error}
          maxLength={MAX_NAME_CHARS}
          autoComplete="name"
          autoFocus
          data-testid="join-name"
        />
        {info.role !== "observer" && <MicCheck />}
        {problem && (
          <p className="join__problem" role="alert">
            {problemCopy(problem).title}. {problemCopy(problem).hint}
          </p>
        )}
        <Button type="submit" variant="primary" disabled={joining} data-testid="join-button">
          {joining ? "Joining…" : `Join as ${ROLE_LABELS[info.role].toLowerCase()}`}
          {!joining && <ArrowRightIcon />}
        </Button>
      </form>
    </main>
  );
};
