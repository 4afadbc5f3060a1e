import { measureDetectorQuality, qualityLines } from './detector-quality';
measureDetectorQuality().then((q) => console.log(qualityLines(q).join('\n')));
