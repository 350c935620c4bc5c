namespace MelMage.Model;

/// <summary>The 50 ESC-50 classes in target order (index = the dataset's <c>target</c> column).</summary>
public static class Esc50Labels
{
    public static IReadOnlyList<string> All { get; } =
    [
        "dog", "rooster", "pig", "cow", "frog", "cat", "hen", "insects", "sheep", "crow",
        "rain", "sea_waves", "crackling_fire", "crickets", "chirping_birds", "water_drops", "wind", "pouring_water",
        "toilet_flush", "thunderstorm", "crying_baby", "sneezing", "clapping", "breathing", "coughing", "footsteps",
        "laughing", "brushing_teeth", "snoring", "drinking_sipping", "door_wood_knock", "mouse_click",
        "keyboard_typing", "door_wood_creaks", "can_opening", "washing_machine", "vacuum_cleaner", "clock_alarm",
        "clock_tick", "glass_breaking", "helicopter", "chainsaw", "siren", "car_horn", "engine", "train",
        "church_bells", "airplane", "fireworks", "hand_saw",
    ];
}
