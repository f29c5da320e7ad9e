// Messages beside a field are sentences that name the field. The backend and the instant
// checks give the rule alone ("is required", "must be at most 120 characters (got 121)"),
// so the place that shows it, which knows the field's label, makes the sentence. And counts
// in messages take their noun's plural unless they are one.

/**
 * `message` as a sentence naming `label`: "is required" beside Name becomes "Name is
 * required."; a message that is already a sentence (capitalised) only gets its full stop.
 */
export function fieldMessage(label: string, message: string): string {
  const text = message.trim();
  if (text === '') return '';
  const sentence = /^\p{Ll}/u.test(text) ? `${label.trim()} ${text}` : text;
  return /[.!?…]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** A count with its noun: "1 gap", "0 gaps", "3 gaps"; `many` for a noun whose plural is not
 * the singular with an "s". */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
