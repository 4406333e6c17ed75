using System.Text;
using Authy.Enroll.Commands;

// The terminal QR code is drawn with Unicode block characters, so force UTF-8 whatever charset the locale names.
Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
return CommandLine.Run(args);
