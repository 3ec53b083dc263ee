// Answers as a file the visitor keeps: the export is offered as a download, an import is read
// from the file the visitor picks. What the file holds is the engine's business (quiz/answers.py).

export const EXPORT_FILE_NAME = "atlas-quiz-answers.json";
// Bigger files are cut here; the engine then rejects them with its own size message.
const IMPORT_READ_LIMIT = 128 * 1024;

/** Offers `text` as a download named `name` (EXPORT_FILE_NAME unless said), of MIME `type`. */
export function offerDownload(text, name = EXPORT_FILE_NAME, type = "application/json") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  // A detached link: its click never reaches Material's instant navigation.
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The text of the file chosen in `input` (cut at IMPORT_READ_LIMIT), or null when none was
 *  chosen; throws when it cannot be read. The input is emptied, so the same file can be chosen
 *  again. */
export async function readChosenFile(input) {
  const file = input.files?.[0];
  if (!file) return null;
  try {
    return await file.slice(0, IMPORT_READ_LIMIT).text();
  } finally {
    input.value = "";
  }
}

/** The text of `file`, cut at `limit` bytes (IMPORT_READ_LIMIT unless said); throws when it
 *  cannot be read. */
export function readFileText(file, limit = IMPORT_READ_LIMIT) {
  return file.slice(0, limit).text();
}
