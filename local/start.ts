// Local mode (issue 4) is not built yet: say so plainly rather than pretend to run something.
console.error(
  [
    'Breachdesk local mode is not built yet (issue 4: the embedded runtime behind `npm start`).',
    'What works today, offline:',
    '  npm test        the domain, the storage on a real dynalite, the intake API handlers and the CDK stack',
    '  npm run synth   the CloudFormation template, checked by cdk-nag',
  ].join('\n'),
);
process.exit(1);
