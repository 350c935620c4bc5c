/** A stable colour per label (same label, same colour in every window), from a hash of its name. */
export function labelColor(label: string): string {
  let hash = 0;
  for (let i = 0; i < label.length; i++) hash = (hash * 31 + label.charCodeAt(i)) >>> 0;
  return `hsl(${hash % 360}, 45%, 38%)`;
}
