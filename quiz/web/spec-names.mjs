// Names for display, looked up in the quiz spec (the JSON the build makes for the engine): a
// model's titles and stages, a capability's name and level labels, an answer's text. The team
// page and the quiz's comparison of kept results show the engine's ids by these names.

/** A stage as the site names it: "Stage 2: Name". */
export function stageName(stage) {
  return `${stage.label}: ${stage.name}`;
}

/** Lookups into the quiz spec, its page URLs made absolute (they are relative to the quiz page). */
export class SpecNames {
  constructor(spec, quizPageURL) {
    this.spec = spec;
    this.base = quizPageURL;
    this.models = new Map(spec.models.map((model) => [model.id, model]));
    this.capabilities = new Map(spec.capabilities.map((capability) => [capability.id, capability]));
    this.questions = new Map(
      [spec.business_kind_question, ...spec.questions].map((question) => [question.id, question]),
    );
    this.topLevel = Math.max(0, ...spec.capabilities.flatMap((c) => c.levels.map((l) => l.level)));
  }

  url(relative) {
    return new URL(relative, this.base).href;
  }

  stage(modelId, stageId) {
    return this.models.get(modelId)?.stages.find((stage) => stage.id === stageId) ?? null;
  }

  capabilityName(id) {
    return this.capabilities.get(id)?.name ?? id;
  }

  levelLabel(id, level) {
    return this.capabilities.get(id)?.levels.find((l) => l.level === level)?.label ?? "";
  }

  /** The text of an answer: its option's, or each option's of a question that takes several. */
  answerText(questionId, value) {
    const question = this.questions.get(questionId);
    if (!question) return value;
    const text = (part) => question.options.find((option) => option.value === part)?.text ?? part;
    return question.capability ? text(value) : value.split(",").map(text).join("; ");
  }

  /**
   * A result's place on one model (a placement of the engine's result data): the stages it
   * counts, and a few words when it counts none. Stages this spec does not know are left out,
   * since a kept result may come from an earlier version of the atlas.
   */
  place(placement) {
    const model = this.models.get(placement.model);
    const known = (id) => this.stage(placement.model, id);
    if (placement.rule === "functions") {
      const stages = (placement.in_place ?? []).map(known).filter(Boolean);
      return { stages, text: stages.length ? null : `No ${model?.stage_term ?? "stage"} in place yet` };
    }
    if (placement.reached) return { stages: [known(placement.stage)].filter(Boolean), text: null };
    return { stages: [], text: "Not on this ladder yet" };
  }
}

/** The spec's names, fetched from `url` (checked against its `integrity` digest when given);
 *  stage and model URLs are made absolute against `quizPageURL`. */
export async function fetchSpecNames(url, integrity, quizPageURL) {
  const response = await fetch(url, integrity ? { integrity } : {});
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return new SpecNames(await response.json(), quizPageURL);
}
