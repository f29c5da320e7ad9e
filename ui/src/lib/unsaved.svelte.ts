// Edits the backend refused, kept for as long as the window is open: a field that shows a
// message beside what the user typed keeps both when its screen is left and opened again
// (switching tabs unmounts the screen), instead of falling back to the stored value.

export interface Unsaved<T> {
  /** What the user typed, field by field. */
  values: T;
  /** The backend's message per field. */
  errors: Record<string, string>;
}

class UnsavedEdits {
  #byKey = $state<Record<string, Unsaved<unknown>>>({});

  /** The refused edit kept under `key` ("pillar:<id>"), if any. */
  get<T>(key: string): Unsaved<T> | undefined {
    return this.#byKey[key] as Unsaved<T> | undefined;
  }

  /** Keeps a refused edit; no errors left means it was saved, and it is forgotten. */
  set<T>(key: string, values: T, errors: Record<string, string>) {
    if (Object.keys(errors).length === 0) delete this.#byKey[key];
    else this.#byKey[key] = { values: $state.snapshot(values) as unknown, errors: { ...errors } };
  }
}

export const unsaved = new UnsavedEdits();
