/** Reading the project's Markdown the way GitHub renders it: sections, fenced code blocks, links, heading anchors. */

export interface CodeBlock {
  readonly lang: string;
  readonly code: string;
}

export interface MarkdownLink {
  readonly text: string;
  readonly target: string;
}

const FENCE = /^```(\S*)\n([\s\S]*?)^```$/gm;

/** The text under a heading (`## Title`) up to the next heading of the same or a higher level. */
export function section(markdown: string, heading: string): string {
  const level = /^#+/.exec(heading)![0].length;
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start < 0) throw new Error(`no heading "${heading}"`);
  const end = lines.findIndex((line, index) => index > start && new RegExp(`^#{1,${level}} `).test(line) && !insideFence(lines, index));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

function insideFence(lines: string[], index: number): boolean {
  return lines.slice(0, index).filter((line) => line.startsWith('```')).length % 2 === 1;
}

export function codeBlocks(markdown: string): CodeBlock[] {
  return [...markdown.matchAll(FENCE)].map((match) => ({ lang: match[1], code: match[2] }));
}

/** Inline links outside code (fenced blocks and `code spans` are not rendered as links). */
export function links(markdown: string): MarkdownLink[] {
  const prose = markdown.replace(FENCE, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\[([^\]\n]*)\]\(([^)\s]+)\)/g)].map((match) => ({ text: match[1], target: match[2] }));
}

/** The anchors GitHub gives a file's headings: lower case, punctuation dropped, each space a hyphen, repeats numbered. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const lines = markdown.replace(FENCE, '').split('\n');
  for (const line of lines) {
    const heading = /^#{1,6} (.*)$/.exec(line);
    if (!heading) continue;
    const base = heading[1].trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    let anchor = base;
    for (let n = 1; anchors.has(anchor); n++) anchor = `${base}-${n}`;
    anchors.add(anchor);
  }
  return anchors;
}

/** `A=1 B='two' command args` → the leading variable assignments and the command after them. */
export function splitAssignments(commandLine: string): { env: Record<string, string>; command: string } {
  const env: Record<string, string> = {};
  let rest = commandLine.trim();
  for (let match = /^([A-Z_][A-Z0-9_]*)=('[^']*'|"[^"]*"|\S*)\s+/.exec(rest); match; match = /^([A-Z_][A-Z0-9_]*)=('[^']*'|"[^"]*"|\S*)\s+/.exec(rest)) {
    env[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2');
    rest = rest.slice(match[0].length);
  }
  return { env, command: rest };
}
