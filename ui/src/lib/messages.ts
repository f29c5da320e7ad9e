// Messages beside a field are sentences that name the field. The backend and the instant
// checks give the rule alone ("is required", "must be at most 120 characters (got 121)"),
// so the place that shows it, which knows the field's label, makes the sentence.

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
