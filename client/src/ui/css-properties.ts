import "react";

// Lets components set CSS custom properties (`style={{ "--badge-hue": x }}`) without casting.
declare module "react" {
  interface CSSProperties {
    [key: `--${string}`]: string | number | undefined;
  }
}
