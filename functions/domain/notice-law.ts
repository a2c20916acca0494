import type { SupervisoryAuthority } from './policy';

/**
 * Which law a notice to people cites, and where they may complain: an organisation supervised by the UK's ICO acts
 * under the UK GDPR (the Data Protection Act 2018 with the retained GDPR, as amended by the Data Protection, Privacy
 * and Electronic Communications (Amendments etc) (EU Exit) Regulations 2019), any other under the (EU) GDPR.
 * Art. 77 gives every person the right to complain to a supervisory authority, and the ICO asks organisations to say
 * so with its contact details (ICO, "Personal data breaches: a guide", "What information must we provide to
 * individuals when telling them about a breach?", checked 2026-12-04).
 *
 * The jurisdiction is read from the authority the policy names until the policy records one of its own.
 */

export interface NoticeLaw {
  jurisdiction: 'uk' | 'eu';
  /** "the UK GDPR" / "the GDPR", as it reads inside a sentence. */
  law: string;
  /** Where people may complain (Art. 77), with the contact details they need (as lines, and one by one). */
  complaints: {
    name: string;
    lines: string[];
    details: { website?: string; email?: string; phone?: string; address?: string };
  };
}

/** The ICO's own page and helpline for people who want to complain (ico.org.uk/make-a-complaint, 2026-12-04). */
export const ICO_COMPLAINTS = {
  website: 'https://ico.org.uk/make-a-complaint/',
  phone: '0303 123 1113',
} as const;

export const isIco = (authority: Pick<SupervisoryAuthority, 'name' | 'email'>): boolean =>
  /information commissioner/i.test(authority.name) || /@ico\.org\.uk$/i.test(authority.email ?? '');

export function noticeLaw(authority: SupervisoryAuthority): NoticeLaw {
  if (isIco(authority)) {
    return {
      jurisdiction: 'uk',
      law: 'the UK GDPR',
      complaints: {
        name: authority.name,
        lines: [
          `Website: ${ICO_COMPLAINTS.website}`,
          `Phone: ${authority.phone ?? ICO_COMPLAINTS.phone}`,
          ...(authority.address ? [`Post: ${authority.address}`] : []),
        ],
        details: {
          website: ICO_COMPLAINTS.website,
          phone: authority.phone ?? ICO_COMPLAINTS.phone,
          ...(authority.address ? { address: authority.address } : {}),
        },
      },
    };
  }
  return {
    jurisdiction: 'eu',
    law: 'the GDPR',
    complaints: {
      name: authority.name,
      lines: [
        ...(authority.email ? [`E-mail: ${authority.email}`] : []),
        ...(authority.phone ? [`Phone: ${authority.phone}`] : []),
        ...(authority.address ? [`Post: ${authority.address}`] : []),
      ],
      details: {
        ...(authority.email ? { email: authority.email } : {}),
        ...(authority.phone ? { phone: authority.phone } : {}),
        ...(authority.address ? { address: authority.address } : {}),
      },
    },
  };
}
