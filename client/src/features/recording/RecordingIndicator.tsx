import { useState } from "react";
import type { ParticipantView } from "@mockroom/shared";
import { Button, Dialog } from "../../ui/index.ts";
import type { RecordingModel, RecordingView } from "./recording-model.ts";
import "./recording.css";

export interface RecordingIndicatorProps {
  model: RecordingModel | null;
  view: RecordingView;
  participants: readonly ParticipantView[];
  isInterviewer: boolean;
  canRecord: boolean;
}

const MIC_COPY: Record<RecordingView["mic"], string> = {
  unasked: "Your microphone is not recorded until you answer.",
  declined: "Your microphone is not recorded (you declined).",
  waiting: "Your microphone will be recorded when recording resumes.",
  starting: "Starting your microphone…",
  recording: "Your microphone is being recorded.",
  paused: "Recording is paused: nothing is recorded.",
  "mic-error": "Your microphone could not be opened, so it is not recorded.",
};

/**
 * The recording indicator for the top bar (CON1): a red dot and "Recording" (or "Paused") visible to
 * everyone, who agreed, the consent question before anyone's microphone is recorded, and the
 * interviewer's pause/resume.
 */
export const RecordingIndicator = ({
  model,
  view,
  participants,
  isInterviewer,
  canRecord,
}: RecordingIndicatorProps) => {
  const [open, setOpen] = useState(false);
  const room = view.room;
  if (!room) return null;
  const paused = room.status === "paused";
  const asking = canRecord && view.mine === null;
  const agreed = participants.filter((p) => room.consents[p.id] === "granted").map((p) => p.name);
  const declined = participants.filter((p) => room.consents[p.id] === "declined").map((p) => p.name);
  const summary = `${paused ? "Recording paused" : "Recording"}. Audio of: ${agreed.length ? agreed.join(", ") : "nobody yet"}${declined.length ? `. Not recorded: ${declined.join(", ")}` : ""}.`;

  return (
    <>
      <button
        type="button"
        className={`rec-pill${paused ? " rec-pill--paused" : ""}`}
        onClick={() => setOpen(true)}
        title={summary}
        aria-label={`${summary} Open recording settings`}
        data-testid="recording-indicator"
        data-status={room.status}
      >
        <span className="rec-pill__dot" aria-hidden="true" />
        {paused ? "Paused" : "Recording"}
        {view.pending > 2 && <span className="rec-pill__pending"> · {view.pending} to upload</span>}
      </button>
      {asking && !open && (
        // Not modal: the question must not block the board or the pad while the person decides.
        <section className="rec-ask" role="region" aria-label="Recording consent" data-testid="recording-ask">
          <p className="rec-ask__text">
            <span className="rec-pill__dot" aria-hidden="true" /> <strong>This mock is recorded.</strong> May we record
            your microphone too? Only people in this room can play it back.
          </p>
          <div className="rec-ask__actions">
            <Button variant="primary" size="sm" data-testid="consent-grant" onClick={() => void model?.answer(true)}>
              Record my audio
            </Button>
            <Button size="sm" data-testid="consent-decline" onClick={() => void model?.answer(false)}>
              Don't record me
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setOpen(true)}>
              Details
            </Button>
          </div>
        </section>
      )}
      <Dialog open={open} title="Recording" onClose={() => setOpen(false)} data-testid="recording-dialog">
        <p className="rec-dialog__lead">
          The board, the code and the timeline are recorded so the candidate can replay the mock. Everyone sees the red
          dot while recording runs.
        </p>
        {canRecord && (
          <>
            <p>
              <strong>May we record your microphone too?</strong> Your voice is stored as its own track, and only people
              in this room can play it. You can change your answer at any time.
            </p>
            <div className="rec-dialog__actions">
              <Button
                variant="primary"
                data-testid="dialog-consent-grant"
                onClick={() => {
                  setOpen(false);
                  void model?.answer(true);
                }}
              >
                Record my audio
              </Button>
              <Button
                data-testid="dialog-consent-decline"
                onClick={() => {
                  setOpen(false);
                  void model?.answer(false);
                }}
              >
                Don't record me
              </Button>
            </div>
            <p className="rec-dialog__mine" role="status">
              {MIC_COPY[view.mic]}
            </p>
          </>
        )}
        <p className="rec-dialog__who">
          Audio recorded for: {agreed.length ? agreed.join(", ") : "nobody yet"}
          {declined.length > 0 && <> · not recorded: {declined.join(", ")}</>}
        </p>
        {isInterviewer && (
          <div className="rec-dialog__actions">
            <Button
              data-testid={paused ? "recording-resume" : "recording-pause"}
              onClick={() => {
                setOpen(false);
                void model?.setPaused(!paused);
              }}
            >
              {paused ? "Resume recording" : "Pause recording for everyone"}
            </Button>
          </div>
        )}
      </Dialog>
    </>
  );
};
