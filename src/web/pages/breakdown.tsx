import type { BreakdownRow } from "../../reports/summary.ts";
import { countText, shareText, type View } from "../view.ts";
import { num, TableHead, text } from "./common.tsx";

/** Services or localities with their responses, satisfaction and index: a table, no chart. */
export function BreakdownTable(props: { view: View; rows: BreakdownRow[]; kind: "service" | "locality" }) {
  const { view } = props;
  const none = view.t(props.kind === "service" ? "summary.no_service" : "summary.no_locality");
  return (
    <div class="scroll" tabindex={0}>
      <table>
        <TableHead
          view={view}
          columns={[
            text(props.kind === "service" ? "summary.column.service" : "summary.column.locality"),
            num("summary.column.responses"),
            num("summary.column.satisfaction"),
            num("summary.column.index"),
          ]}
        />
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <th scope="row">
                {props.kind === "service" && r.code ? (
                  <a href={`/dashboard/services/${encodeURIComponent(r.code)}`}>{r.name}</a>
                ) : (
                  (r.name ?? none)
                )}
              </th>
              <td class="num">{countText(view, r.responses)}</td>
              <td class="num">{shareText(view, r.satisfaction)}</td>
              <td class="num">{shareText(view, r.index)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
