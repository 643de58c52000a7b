/**
 * The starter library of playbooks Vigil ships for election interference, written by the
 * Vigil project (AGPL-3.0-or-later like the code). They follow the phases of incident
 * handling in NIST SP 800-61r2 (detection and analysis, containment, eradication and
 * recovery, post-incident activity) and, for information operations, the DISARM blue
 * framework's counter-measures (pre-bunking, debunking with authoritative sources, platform
 * reporting). Each is a starting point: an election body adapts it — editing makes a new
 * version — before election day.
 *
 * Validated by `PlaybookDefinitionSchema` in the tests and when loaded into a database.
 */
import type { PlaybookDefinition } from './playbook';

export const STARTER_PLAYBOOKS: readonly PlaybookDefinition[] = [
  {
    key: 'results-website-defaced',
    title: { en: 'Results website defaced', fr: 'Site des résultats défiguré' },
    summary: {
      en: 'The public results or election information website shows content the election body did not publish.',
      fr: "Le site public des résultats ou d'information électorale affiche un contenu que l'organe électoral n'a pas publié.",
    },
    trigger: { incidentTypes: ['cyber-attack', 'insider-threat'], minimumSeverity: 'moderate' },
    decisionOwner: { organisation: 'election-authority', role: 'coordinator', title: 'Chief Electoral Officer' },
    preApprovedActions: [
      'Take the defaced site offline and serve the static maintenance page',
      'Publish results only through the backup channel (official PDF tallies and the press office)',
      'Preserve web server, CDN and content-management logs before any restore',
    ],
    tasks: [
      { key: 'confirm', title: 'Confirm the defacement from two independent networks', description: 'Screenshot with time stamps; record the URLs and what was changed.', due: '+15m' },
      { key: 'contain', title: 'Take the site offline or switch to the maintenance page', description: 'Keep the compromised host running but unreachable, for forensics.', due: '+30m' },
      { key: 'preserve', title: 'Preserve logs and a disk image of the web host', description: 'Hash every artefact (SHA-256) and record the chain of custody.', due: '+2h' },
      { key: 'verify-tallies', title: 'Check published results against the tabulation system', description: 'Compare every figure shown since the last known-good deployment with the official tallies.', due: '+3h' },
      { key: 'restore', title: 'Restore from a known-good build with rotated credentials', description: 'Rotate CMS, hosting and DNS credentials; enable multi-factor sign-in for all publishers.', due: '+8h' },
      { key: 'review', title: 'Post-incident review', description: 'Root cause, timeline, what to change before the next election.', due: '+7d' },
    ],
    communications: [
      {
        key: 'holding-statement',
        audience: 'public',
        subject: { en: 'Results website temporarily unavailable', fr: 'Site des résultats temporairement indisponible' },
        body: {
          en: 'Our results website showed content we did not publish and has been taken offline. Official results are not affected: they are counted on paper and tabulated separately. Results remain available from our press office and in the official PDF tallies.',
          fr: "Notre site des résultats a affiché un contenu que nous n'avons pas publié et a été mis hors ligne. Les résultats officiels ne sont pas touchés : ils sont comptés sur papier et compilés séparément. Ils restent disponibles auprès de notre service de presse et dans les procès-verbaux officiels en PDF.",
        },
      },
    ],
  },
  {
    key: 'voter-registration-outage',
    title: { en: 'Voter registration database outage', fr: 'Panne de la base des listes électorales' },
    summary: {
      en: 'The voter registration database or its poll-book look-ups are down or unreliable during registration or voting.',
      fr: 'La base des listes électorales ou la consultation des registres est indisponible ou peu fiable pendant les inscriptions ou le vote.',
    },
    trigger: { incidentTypes: ['cyber-attack', 'insider-threat', 'other'], minimumSeverity: 'moderate' },
    decisionOwner: { organisation: 'election-authority', role: 'coordinator', title: 'Chief Electoral Officer' },
    preApprovedActions: [
      'Switch polling stations to printed poll books and provisional ballots',
      'Extend the online registration deadline by the length of the outage, if the law allows it',
      'Freeze all changes to voter records until integrity is checked',
    ],
    tasks: [
      { key: 'scope', title: 'Establish which services and jurisdictions are affected', description: 'Registration portal, poll-book sync, look-up service; since when.', due: '+30m' },
      { key: 'fallback', title: 'Instruct polling stations to use the paper fallback', description: 'Send the fallback procedure to every returning officer and confirm receipt.', due: '+1h' },
      { key: 'integrity', title: 'Check voter records against the last signed snapshot', description: 'Count additions, removals and address changes since the snapshot; explain every difference.', due: '+6h' },
      { key: 'vendor', title: 'Open a priority ticket with the system vendor', description: 'Record the ticket number and the vendor contact on this case.', due: '+1h' },
      { key: 'legal', title: 'Ask legal counsel about extending deadlines', description: '', due: '+4h' },
      { key: 'review', title: 'Post-incident review', description: '', due: '+7d' },
    ],
    communications: [
      {
        key: 'voters',
        audience: 'voters',
        subject: { en: 'Registration check temporarily unavailable', fr: 'Vérification des inscriptions temporairement indisponible' },
        body: {
          en: 'The online registration check is temporarily unavailable. You can still vote: polling stations have printed lists and can issue a provisional ballot.',
          fr: "La vérification en ligne des inscriptions est temporairement indisponible. Vous pouvez quand même voter : les bureaux de vote disposent de listes imprimées et peuvent remettre un bulletin provisoire.",
        },
      },
    ],
  },
  {
    key: 'ddos-results-publication',
    title: { en: 'DDoS on results publication', fr: 'Attaque DDoS contre la publication des résultats' },
    summary: {
      en: 'A denial-of-service attack makes the results website or the results feed for media unreachable on election night.',
      fr: 'Une attaque par déni de service rend le site des résultats ou le flux destiné aux médias inaccessible le soir du scrutin.',
    },
    trigger: { incidentTypes: ['cyber-attack'], minimumSeverity: 'moderate' },
    decisionOwner: { organisation: 'government-agency', role: 'coordinator', title: 'Head of the national CERT' },
    preApprovedActions: [
      'Activate the DDoS scrubbing service and the CDN "under attack" mode',
      'Serve results as static files from the secondary hosting provider',
      'Give accredited media the results feed over the private endpoint',
    ],
    tasks: [
      { key: 'confirm', title: 'Confirm the attack with the hosting provider and the CERT', description: 'Traffic volume, sources, targeted endpoints.', due: '+15m' },
      { key: 'mitigate', title: 'Enable scrubbing and switch DNS to the protected front end', description: '', due: '+30m' },
      { key: 'static', title: 'Publish results as static pages from the secondary provider', description: '', due: '+1h' },
      { key: 'media-feed', title: 'Send accredited media the private feed address', description: '', due: '+1h' },
      { key: 'indicators', title: 'Share attack indicators with the CERT community (TLP:AMBER)', description: 'Source networks, botnet indicators, timing.', due: '+6h' },
      { key: 'review', title: 'Post-incident review with the hosting provider', description: '', due: '+7d' },
    ],
    communications: [
      {
        key: 'public',
        audience: 'public',
        subject: { en: 'Results website under heavy load', fr: 'Site des résultats fortement sollicité' },
        body: {
          en: 'Our results website is the target of a denial-of-service attack. This does not affect the counting of votes. Results are published on our backup site and through the media.',
          fr: "Notre site des résultats est la cible d'une attaque par déni de service. Cela n'affecte pas le dépouillement. Les résultats sont publiés sur notre site de secours et par les médias.",
        },
      },
    ],
  },
  {
    key: 'hack-and-leak-campaign',
    title: { en: 'Hack-and-leak against a campaign', fr: "Piratage et fuite visant une campagne" },
    summary: {
      en: "A party or campaign's e-mail or files were stolen and are being leaked, possibly mixed with forgeries, to sway voters.",
      fr: "Les courriels ou fichiers d'un parti ou d'une campagne ont été volés et sont divulgués, parfois mêlés à des faux, pour influencer les électeurs.",
    },
    trigger: { incidentTypes: ['hack-and-leak'], minimumSeverity: 'low' },
    decisionOwner: { organisation: 'government-agency', role: 'coordinator', title: 'Head of the national CERT' },
    preApprovedActions: [
      'Offer the campaign incident-response help from the national CERT',
      'Brief fact-checkers and newsrooms on the leak without commenting on its content',
      'Report accounts spreading the material to platforms under their hacked-materials policies',
    ],
    tasks: [
      { key: 'contact', title: 'Contact the campaign and offer support', description: 'Agree a single point of contact; record consent to help.', due: '+2h' },
      { key: 'contain', title: 'Help the campaign reset credentials and review access logs', description: 'Mail accounts, cloud drives, password managers; enforce multi-factor sign-in.', due: '+12h' },
      { key: 'provenance', title: 'Trace where the leak was first posted and how it spread', description: 'Add first-post URLs and amplifying accounts as observables.', due: '+12h' },
      { key: 'forgeries', title: 'Check leaked documents for alterations', description: 'Compare with originals held by the campaign; note any forgery with evidence.', due: '+2d' },
      { key: 'platforms', title: 'Send platform requests on the distributing accounts', description: '', due: '+1d' },
      { key: 'share', title: 'Share indicators and actor assessment with partners', description: '', due: '+3d' },
    ],
    communications: [
      {
        key: 'media-briefing',
        audience: 'media',
        subject: { en: 'Material obtained by a cyber attack is circulating', fr: "Des documents obtenus par une cyberattaque circulent" },
        body: {
          en: 'Material stolen in a cyber attack on a campaign is being circulated. Stolen material may be incomplete or altered. We ask newsrooms to verify provenance before reporting and to consider whether publication serves the attackers.',
          fr: "Des documents volés lors d'une cyberattaque contre une campagne circulent. Ils peuvent être incomplets ou altérés. Nous demandons aux rédactions d'en vérifier la provenance avant publication et de se demander si celle-ci sert les attaquants.",
        },
      },
    ],
  },
  {
    key: 'deepfake-candidate-eve',
    title: { en: 'Deepfake of a candidate on election eve', fr: "Hypertrucage d'un candidat à la veille du scrutin" },
    summary: {
      en: 'A synthetic video or audio of a candidate spreads shortly before voting, when there is little time to debunk it.',
      fr: "Une vidéo ou un enregistrement synthétique d'un candidat se répand juste avant le vote, quand il reste peu de temps pour le démentir.",
    },
    trigger: { incidentTypes: ['disinformation'], minimumSeverity: 'moderate' },
    decisionOwner: { organisation: 'election-authority', role: 'coordinator', title: 'Head of communications of the election body' },
    preApprovedActions: [
      'Notify the candidate and their campaign',
      'Report the media to platforms as manipulated media under their election policies',
      'Ask fact-checkers for a rapid assessment',
    ],
    tasks: [
      { key: 'capture', title: 'Capture the media and its first appearances', description: 'Download originals, compute SHA-256, record URLs and accounts as observables.', due: '+30m' },
      { key: 'assess', title: 'Get a forensic assessment of manipulation', description: 'Two independent methods or labs; record confidence.', due: '+3h' },
      { key: 'candidate', title: 'Inform the candidate and get their statement', description: '', due: '+1h' },
      { key: 'platforms', title: 'Request labels or removal from the platforms', description: '', due: '+2h' },
      { key: 'notice', title: 'Draft a public notice for approval', description: 'Plain facts; do not repeat the false claim in the headline.', due: '+4h' },
      { key: 'silence-period', title: 'Check rules on campaign silence before publishing', description: '', due: '+2h' },
    ],
    communications: [
      {
        key: 'public-notice',
        audience: 'public',
        subject: { en: 'Manipulated video of a candidate', fr: "Vidéo manipulée d'un candidat" },
        body: {
          en: 'A video circulating today presents a candidate saying things they did not say. Independent analysis found it was artificially generated. Check before you share, and rely on official sources for information about voting.',
          fr: "Une vidéo qui circule aujourd'hui prête à un candidat des propos qu'il n'a pas tenus. Une analyse indépendante a établi qu'elle a été générée artificiellement. Vérifiez avant de partager et fiez-vous aux sources officielles pour les informations sur le vote.",
        },
      },
    ],
  },
  {
    key: 'voting-procedure-disinformation',
    title: { en: 'Coordinated disinformation about voting procedures', fr: 'Désinformation coordonnée sur les modalités de vote' },
    summary: {
      en: 'False information about when, where or how to vote (wrong dates, "vote by SMS", closed polling stations) spreads in a coordinated way.',
      fr: "De fausses informations sur la date, le lieu ou la manière de voter (mauvaises dates, « vote par SMS », bureaux fermés) se propagent de façon coordonnée.",
    },
    trigger: { incidentTypes: ['disinformation', 'voter-intimidation'], minimumSeverity: 'low' },
    decisionOwner: { organisation: 'election-authority', role: 'coordinator', title: 'Head of communications of the election body' },
    preApprovedActions: [
      'Publish a correction with the official procedure on all official channels',
      'Report content that misleads about voting procedures to platforms (every major platform bans it)',
      'Share the narrative and accounts with fact-checkers and the civil-society monitoring network',
    ],
    tasks: [
      { key: 'collect', title: 'Collect examples, accounts and reach', description: 'Add URLs and accounts as observables; link detection results.', due: '+1h' },
      { key: 'correct', title: 'Publish the correct procedure', description: 'Website banner, social media, partner channels; in every official language.', due: '+2h' },
      { key: 'platforms', title: 'Report content and accounts to platforms', description: '', due: '+3h' },
      { key: 'coordination', title: 'Run coordination detection on the accounts involved', description: 'Co-posting, shared links, creation bursts.', due: '+1d' },
      { key: 'attribution', title: 'Assess origin and foreign involvement with partners', description: 'DISARM techniques; share as STIX at the agreed TLP.', due: '+3d' },
    ],
    communications: [
      {
        key: 'correction',
        audience: 'voters',
        subject: { en: 'How to vote: the official information', fr: 'Comment voter : les informations officielles' },
        body: {
          en: 'Messages circulating online give wrong information about voting. You can only vote in person at your polling station or by the postal vote you applied for. You cannot vote by SMS, phone or online. Polling stations are open from 7:00 to 20:00 on election day.',
          fr: "Des messages circulant en ligne donnent de fausses informations sur le vote. Vous ne pouvez voter qu'en personne à votre bureau de vote ou par le vote par correspondance demandé. Il est impossible de voter par SMS, par téléphone ou en ligne. Les bureaux de vote sont ouverts de 7 h à 20 h le jour du scrutin.",
        },
      },
    ],
  },
  {
    key: 'polling-station-intimidation',
    title: { en: 'Intimidation at polling stations', fr: 'Intimidation dans les bureaux de vote' },
    summary: {
      en: 'Voters or election staff are threatened, obstructed or filmed to intimidate them at or near a polling station.',
      fr: "Des électeurs ou des agents électoraux sont menacés, entravés ou filmés pour les intimider dans un bureau de vote ou à proximité.",
    },
    trigger: { incidentTypes: ['voter-intimidation', 'physical-incident'], minimumSeverity: 'low' },
    decisionOwner: { organisation: 'government-agency', role: 'coordinator', title: 'Police election liaison officer' },
    preApprovedActions: [
      'Send the nearest police patrol to the polling station',
      'Let the presiding officer extend opening hours for voters turned away, if the law allows it',
      'Record witness statements from staff and observers',
    ],
    tasks: [
      { key: 'safety', title: 'Confirm voters and staff are safe', description: 'Call the presiding officer; record the situation.', due: '+15m' },
      { key: 'police', title: 'Dispatch police and record the incident number', description: '', due: '+30m' },
      { key: 'witnesses', title: 'Collect statements from staff and accredited observers', description: '', due: '+4h' },
      { key: 'hours', title: 'Decide on extending voting hours at the station', description: '', due: '+2h' },
      { key: 'pattern', title: 'Check for similar reports in neighbouring jurisdictions', description: 'Look for coordination across stations.', due: '+6h' },
    ],
    communications: [
      {
        key: 'voters',
        audience: 'voters',
        subject: { en: 'Your vote is secret and protected', fr: 'Votre vote est secret et protégé' },
        body: {
          en: 'Voting is safe. Police are present where incidents were reported. If anyone tries to stop you from voting, tell the presiding officer or call the election hotline.',
          fr: "Le vote se déroule en sécurité. La police est présente là où des incidents ont été signalés. Si quelqu'un tente de vous empêcher de voter, prévenez le président du bureau ou appelez la ligne électorale.",
        },
      },
    ],
  },
  {
    key: 'covert-foreign-ad-funding',
    title: { en: 'Covert foreign funding of political ads', fr: 'Financement étranger occulte de publicités politiques' },
    summary: {
      en: 'Political ads are paid for from abroad or through undisclosed intermediaries, against campaign-finance or ad-transparency rules.',
      fr: "Des publicités politiques sont payées depuis l'étranger ou par des intermédiaires non déclarés, en violation des règles de financement ou de transparence.",
    },
    trigger: { incidentTypes: ['covert-funding'], minimumSeverity: 'low' },
    decisionOwner: { organisation: 'election-authority', role: 'coordinator', title: 'Head of the campaign-finance unit' },
    preApprovedActions: [
      'Ask the platforms to preserve the ad records, payer details and targeting data',
      'Request the payer disclosure from the advertiser',
    ],
    tasks: [
      { key: 'ads', title: 'Pull the ads from the ad libraries and link them to the case', description: 'Spend, impressions, targeting, disclaimers.', due: '+1d' },
      { key: 'preserve', title: 'Send evidence preservation requests to the platforms', description: '', due: '+1d' },
      { key: 'money', title: 'Trace the payer with the financial intelligence unit', description: '', due: '+5d' },
      { key: 'referral', title: 'Decide on referral to the prosecutor', description: '', due: '+10d' },
    ],
    communications: [
      {
        key: 'platforms',
        audience: 'platforms',
        subject: { en: 'Request to preserve political ad records', fr: 'Demande de conservation de données publicitaires politiques' },
        body: {
          en: 'We are investigating possible foreign funding of political advertising. Please preserve all records of the ads listed (creatives, payer, payment method, targeting, delivery) until further notice.',
          fr: "Nous enquêtons sur un possible financement étranger de publicités politiques. Merci de conserver toutes les données des publicités listées (créations, payeur, moyen de paiement, ciblage, diffusion) jusqu'à nouvel ordre.",
        },
      },
    ],
  },
  {
    key: 'insider-tampering',
    title: { en: 'Insider tampering with election systems', fr: 'Altération interne des systèmes électoraux' },
    summary: {
      en: 'Someone with authorised access alters or attempts to alter voter records, configurations, ballots or tallies.',
      fr: "Une personne disposant d'un accès autorisé modifie ou tente de modifier des listes, des configurations, des bulletins ou des résultats.",
    },
    trigger: { incidentTypes: ['insider-threat'], minimumSeverity: 'low' },
    decisionOwner: { organisation: 'election-authority', role: 'admin', title: 'Chief Electoral Officer' },
    preApprovedActions: [
      "Suspend the person's access to every election system at once",
      'Seal affected equipment and ballots under two-person control',
      'Preserve access logs, CCTV and chain-of-custody records',
    ],
    tasks: [
      { key: 'suspend', title: 'Suspend access of the people involved', description: 'Accounts, badges, keys; record who did it and when.', due: '+1h' },
      { key: 'seal', title: 'Seal and image affected systems', description: 'Two-person control; hash every image.', due: '+4h' },
      { key: 'scope', title: 'Determine what was changed and since when', description: 'Compare with signed baselines and logs.', due: '+1d' },
      { key: 'audit', title: 'Plan a risk-limiting audit of the affected contests', description: '', due: '+3d' },
      { key: 'police', title: 'Refer to the police with the preserved evidence', description: '', due: '+2d' },
    ],
    communications: [
      {
        key: 'statement',
        audience: 'public',
        subject: { en: 'Safeguards detected an irregularity', fr: 'Nos contrôles ont détecté une irrégularité' },
        body: {
          en: 'Our safeguards detected an unauthorised change attempt by a person with access to election systems. Access was suspended, the systems were secured, and the results of the affected contests will be audited against the paper ballots.',
          fr: "Nos contrôles ont détecté une tentative de modification non autorisée par une personne ayant accès aux systèmes électoraux. Son accès a été suspendu, les systèmes sécurisés, et les résultats des scrutins concernés seront audités à partir des bulletins papier.",
        },
      },
    ],
  },
];
