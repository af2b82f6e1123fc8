import { Button, Select } from "../../ui/index.ts";
import { MIC_CHECK_COPY } from "./mic-check-model.ts";
import { useMicCheck } from "./use-mic-check.ts";

const MicIcon = () => (
  <svg
    width={16}
    height={16}
    viewBox="0 0 24 24"
    aria-hidden="true"
    focusable="false"
    fill="none"
    stroke="currentColor"
    strokeWidth={2}
    strokeLinecap="round"
  >
    <rect x="9" y="3" width="6" height="11" rx="3" />
    <path d="M5 11a7 7 0 0 0 14 0M12 18v3" />
  </svg>
);

/**
 * Optional: try the microphone before joining. Whatever happens here, joining works (audio is
 * turned on in the room, and anyone can join without it and listen).
 */
export const MicCheck = () => {
  const mic = useMicCheck();
  const pct = Math.round(mic.level * 100);
  return (
    <section className="mic-check" aria-labelledby="mic-check-title" data-testid="mic-check" data-phase={mic.phase}>
      <div className="mic-check__head">
        <h2 id="mic-check-title" className="mic-check__title">
          Microphone check <span className="mic-check__optional">(optional)</span>
        </h2>
        {mic.phase !== "live" && (
          <Button
            size="sm"
            variant="secondary"
            onClick={mic.start}
            disabled={mic.phase === "asking"}
            data-testid="mic-check-start"
          >
            <MicIcon />
            {mic.phase === "idle" || mic.phase === "asking" ? "Test microphone" : "Try again"}
          </Button>
        )}
      </div>
      {mic.phase === "live" && (
        <>
          <Select
            aria-label="Microphone"
            value={mic.deviceId ?? ""}
            options={mic.devices.map((d) => ({ value: d.deviceId, label: d.label }))}
            onChange={mic.choose}
            data-testid="mic-check-device"
          />
          <div
            className="mic-check__meter"
            role="meter"
            aria-label="Microphone level"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={pct}
            data-testid="mic-check-level"
          >
            <span className="mic-check__fill" style={{ width: `${pct}%` }} />
          </div>
          <p className="mic-check__hint">Say something: the bar should move. This microphone is used in the room.</p>
        </>
      )}
      {mic.phase !== "idle" && mic.phase !== "asking" && mic.phase !== "live" && (
        <p className="mic-check__problem" role="alert" data-testid="mic-check-problem">
          {MIC_CHECK_COPY[mic.phase]}
        </p>
      )}
      {mic.phase === "idle" && (
        <p className="mic-check__hint">You can also join without audio, and turn it on in the room.</p>
      )}
    </section>
  );
};
