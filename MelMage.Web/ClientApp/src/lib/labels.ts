// An icon per ESC-50 class, so the answer can be read at a glance.
const icons: Record<string, string> = {
  dog: "🐕", rooster: "🐓", pig: "🐖", cow: "🐄", frog: "🐸", cat: "🐈", hen: "🐔", insects: "🦟", sheep: "🐑",
  crow: "🐦‍⬛", rain: "🌧️", sea_waves: "🌊", crackling_fire: "🔥", crickets: "🦗", chirping_birds: "🐦",
  water_drops: "💧", wind: "🌬️", pouring_water: "🚰", toilet_flush: "🚽", thunderstorm: "⛈️", crying_baby: "👶",
  sneezing: "🤧", clapping: "👏", breathing: "😮‍💨", coughing: "😷", footsteps: "👣", laughing: "😂",
  brushing_teeth: "🪥", snoring: "😴", drinking_sipping: "🥤", door_wood_knock: "🚪", mouse_click: "🖱️",
  keyboard_typing: "⌨️", door_wood_creaks: "🚪", can_opening: "🥫", washing_machine: "🧺", vacuum_cleaner: "🧹",
  clock_alarm: "⏰", clock_tick: "🕰️", glass_breaking: "🍷", helicopter: "🚁", chainsaw: "🪚", siren: "🚨",
  car_horn: "📯", engine: "⚙️", train: "🚆", church_bells: "🔔", airplane: "✈️", fireworks: "🎆", hand_saw: "🪚",
};

export function labelIcon(label: string): string {
  return icons[label] ?? "🔊";
}

/** "sea_waves" → "sea waves". */
export function labelText(label: string): string {
  return label.replace(/_/g, " ");
}
