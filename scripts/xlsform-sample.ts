/**
 * Writes surveys/sample-feedback.xlsx, the sample XLSForm workbook of the README:
 * `npm run sample:xlsform`. A test checks that the committed file holds exactly these rows.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";

type Row = string[];
const LANGS = ["Română (ro)", "Русский (ru)", "Українська (uk)", "English (en)"];
const h4 = (base: string) => LANGS.map((l) => `${base}::${l}`);
const E4 = ["", "", "", ""];

const SURVEY_HEAD: Row = [
  "type",
  "name",
  ...h4("label"),
  ...h4("hint"),
  "required",
  ...h4("required_message"),
  "relevant",
  "constraint",
  ...h4("constraint_message"),
  "appearance",
  "parameters",
  "indicator",
];

function q(
  type: string,
  name: string,
  label: Row,
  more: Partial<{
    hint: Row;
    required: string;
    requiredMessage: Row;
    relevant: string;
    constraint: string;
    constraintMessage: Row;
    appearance: string;
    parameters: string;
    indicator: string;
  }> = {},
): Row {
  return [
    type,
    name,
    ...label,
    ...(more.hint ?? E4),
    more.required ?? "",
    ...(more.requiredMessage ?? E4),
    more.relevant ?? "",
    more.constraint ?? "",
    ...(more.constraintMessage ?? E4),
    more.appearance ?? "",
    more.parameters ?? "",
    more.indicator ?? "",
  ];
}

export const SAMPLE_SHEETS: Record<string, Row[]> = {
  survey: [
    SURVEY_HEAD,
    q("start", "start", E4),
    q("end", "end", E4),
    q("begin_group", "visit", ["Despre vizită", "О визите", "Про візит", "About your visit"]),
    q(
      "select_one service",
      "service",
      [
        "Ce serviciu ați folosit?",
        "Какой услугой Вы пользовались?",
        "Якою послугою Ви користувалися?",
        "Which service did you use?",
      ],
      { required: "yes" },
    ),
    q(
      "integer",
      "visits",
      [
        "De câte ori ați venit luna aceasta?",
        "Сколько раз Вы приходили в этом месяце?",
        "Скільки разів Ви приходили цього місяця?",
        "How many times did you come this month?",
      ],
      {
        required: "yes",
        constraint: ". >= 1 and . <= 31",
        constraintMessage: [
          "Scrieți un număr de la 1 la 31.",
          "Напишите число от 1 до 31.",
          "Напишіть число від 1 до 31.",
          "Type a number from 1 to 31.",
        ],
      },
    ),
    q("end_group", "", E4),
    q("note", "halfway", [
      "Mulțumim! Mai sunt câteva întrebări.",
      "Спасибо! Осталось несколько вопросов.",
      "Дякуємо! Залишилося кілька запитань.",
      "Thank you! A few more questions.",
    ]),
    q("begin_group", "opinion", ["Părerea dumneavoastră", "Ваше мнение", "Ваша думка", "Your opinion"]),
    q(
      "select_one respect",
      "staff_respect",
      [
        "Cum vă tratează angajații?",
        "Как к Вам относятся сотрудники?",
        "Як до Вас ставляться працівники?",
        "How do the staff treat you?",
      ],
      { required: "yes", appearance: "likert", indicator: "RIGHTS_DIGNITY" },
    ),
    q("select_multiple problems", "problems", ["Ce nu a mers bine?", "Что было не так?", "Що було не так?", "What went wrong?"], {
      hint: ["Alegeți cel mult două.", "Выберите не больше двух.", "Виберіть не більше двох.", "Choose at most two."],
      constraint: "count-selected(.) <= 2",
    }),
    q("text", "problem_details", ["Ce s-a întâmplat?", "Что случилось?", "Що сталося?", "What happened?"], {
      relevant: "selected(${problems}, 'other')",
      required: "yes",
      requiredMessage: ["Scrieți câteva cuvinte.", "Напишите несколько слов.", "Напишіть кілька слів.", "Type a few words."],
      constraint: "string-length(.) <= 300",
    }),
    q(
      "select_one yes_no",
      "knows_complaints",
      [
        "Știți unde să vă plângeți?",
        "Знаете ли Вы, куда пожаловаться?",
        "Чи знаєте Ви, куди поскаржитися?",
        "Do you know where to complain?",
      ],
      {
        required: "yes",
        indicator: "RIGHTS_COMPLAINTS",
      },
    ),
    q(
      "range",
      "recommend",
      [
        "Ați recomanda serviciul? (0–10)",
        "Порекомендуете ли Вы услугу? (0–10)",
        "Чи порекомендуєте Ви послугу? (0–10)",
        "Would you recommend the service? (0–10)",
      ],
      {
        required: "yes",
        parameters: "start=0 end=10 step=1",
        indicator: "NPS",
      },
    ),
    q("end_group", "", E4),
  ],
  choices: [
    ["list_name", "name", ...h4("label")],
    ["service", "home_care", "Îngrijire la domiciliu", "Уход на дому", "Догляд удома", "Home care"],
    ["service", "day_centre", "Centru de zi", "Дневной центр", "Денний центр", "Day centre"],
    ["respect", "1", "Foarte rău", "Очень плохо", "Дуже погано", "Very badly"],
    ["respect", "2", "Rău", "Плохо", "Погано", "Badly"],
    ["respect", "3", "Așa și așa", "Так себе", "Так собі", "So-so"],
    ["respect", "4", "Bine", "Хорошо", "Добре", "Well"],
    ["respect", "5", "Foarte bine", "Очень хорошо", "Дуже добре", "Very well"],
    ["problems", "waiting", "Am așteptat mult", "Долго ждал(а)", "Довго чекав(ла)", "A long wait"],
    ["problems", "information", "Nu mi s-a explicat", "Мне не объяснили", "Мені не пояснили", "Nobody explained"],
    ["problems", "other", "Altceva", "Другое", "Інше", "Something else"],
    ["yes_no", "yes", "Da", "Да", "Так", "Yes"],
    ["yes_no", "no", "Nu", "Нет", "Ні", "No"],
  ],
  settings: [
    [
      "form_id",
      "version",
      "default_language",
      ...h4("form_title"),
      ...h4("intro"),
      ...h4("thanks"),
      "anonymous",
      "audience",
      "min_cell",
    ],
    [
      "sample-feedback",
      "1",
      "Română (ro)",
      "Părerea dumneavoastră",
      "Ваше мнение",
      "Ваша думка",
      "Your opinion",
      "Câteva întrebări despre serviciu. Răspunsurile sunt anonime: apar doar cifre totale.",
      "Несколько вопросов об услуге. Ответы анонимны: видны только общие цифры.",
      "Кілька запитань про послугу. Відповіді анонімні: видно лише загальні цифри.",
      "A few questions about the service. Answers are anonymous: only totals are shown.",
      "Vă mulțumim!",
      "Спасибо!",
      "Дякуємо!",
      "Thank you!",
      "yes",
      "adult",
      "5",
    ],
  ],
};

/** The sample as an .xlsx: bold, frozen headers and readable widths, as an author would keep it. */
export async function sampleWorkbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(SAMPLE_SHEETS)) {
    const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
    for (const row of rows) ws.addRow(row);
    ws.getRow(1).font = { bold: true };
    ws.columns.forEach((column, i) => {
      const longest = Math.max(...rows.map((r) => (r[i] ?? "").length));
      column.width = Math.min(50, Math.max(10, longest + 2));
    });
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export const SAMPLE_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../surveys/sample-feedback.xlsx");

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(SAMPLE_FILE, await sampleWorkbook());
  process.stdout.write(`Wrote ${path.relative(process.cwd(), SAMPLE_FILE)}\n`);
}
