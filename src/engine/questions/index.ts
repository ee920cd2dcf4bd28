import type { Question } from "../definition.ts";
import type { QuestionKind } from "./kind.ts";
import { nps } from "./nps.ts";
import { numberQuestion } from "./number.ts";
import { rating } from "./rating.ts";
import { selectMultiple } from "./select-multiple.ts";
import { selectOne } from "./select-one.ts";
import { textQuestion } from "./text.ts";
import { yesNo } from "./yes-no.ts";

export function kindOf(question: Question): QuestionKind<Question> {
  switch (question.type) {
    case "select_one":
      return selectOne as QuestionKind<Question>;
    case "select_multiple":
      return selectMultiple as QuestionKind<Question>;
    case "rating":
      return rating as QuestionKind<Question>;
    case "yes_no":
      return yesNo as QuestionKind<Question>;
    case "nps":
      return nps as QuestionKind<Question>;
    case "number":
      return numberQuestion as QuestionKind<Question>;
    case "text":
      return textQuestion as QuestionKind<Question>;
    default: {
      const never: never = question;
      throw new Error(`unknown question type ${JSON.stringify(never)}`);
    }
  }
}
