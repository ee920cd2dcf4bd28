/* Social services (day centres, mobile teams) and their localities. */

export type Service = {
  id: string;
  code: string;
  name: string;
  locality: string | null;
  localityId: string | null;
  surveySlug: string | null;
};

export interface ServiceStore {
  byCode(code: string): Promise<Service | null>;
  byId(id: string): Promise<Service | null>;
  /** Adds a service (and its locality if new); throws `ConflictError` if the code exists. */
  add(input: { code: string; name: string; locality?: string | null; surveySlug?: string | null }): Promise<Service>;
  list(): Promise<Service[]>;
}
