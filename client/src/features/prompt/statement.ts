/** A statement block: the question bank writes paragraphs separated by blank lines, and "- " bullets. */
export type Block = { kind: "p"; text: string } | { kind: "ul"; items: string[] };

export const parseStatement = (text: string): Block[] => {
  const blocks: Block[] = [];
  for (const chunk of text.split(/\n\s*\n/)) {
    const lines = chunk
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    let para: string[] = [];
    let list: string[] = [];
    const flushPara = () => {
      if (para.length) blocks.push({ kind: "p", text: para.join(" ") });
      para = [];
    };
    const flushList = () => {
      if (list.length) blocks.push({ kind: "ul", items: list });
      list = [];
    };
    for (const line of lines) {
      if (line.startsWith("- ")) {
        flushPara();
        list.push(line.slice(2).trim());
      } else {
        flushList();
        para.push(line);
      }
    }
    flushPara();
    flushList();
  }
  return blocks;
};
