import { Button, CrosshairIcon, Kbd } from "../../ui/index.ts";

export const FollowBanner = ({ name, onStop }: { name: string; onStop: () => void }) => (
  <div className="follow-banner" role="status" data-testid="follow-banner">
    <CrosshairIcon size={15} />
    <span>
      Following {name} — <Kbd>Esc</Kbd> to stop
    </span>
    <Button size="sm" variant="ghost" onClick={onStop}>
      Stop
    </Button>
  </div>
);
