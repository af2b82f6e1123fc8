import { parseStatement } from "./statement.ts";

export const Statement = ({ text }: { text: string }) => (
  <div className="statement">
    {parseStatement(text).map((b, i) =>
      b.kind === "p" ? (
        <p key={i}>{b.text}</p>
      ) : (
        <ul key={i}>
          {b.items.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      ),
    )}
  </div>
);
