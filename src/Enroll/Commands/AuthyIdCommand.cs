using System.CommandLine;
using Authy.Enroll.Cli;
using Authy.Enroll.Input;
using Authy.Totp.Store;

namespace Authy.Enroll.Commands;

/// <summary>
/// <c>authy-enroll authy-id USER ID</c> and <c>authy-enroll authy-id USER --remove</c>: stores or removes the
/// Authy ID that the PAM module uses for push approvals, SMS codes and 7-digit tokens. A user may have an
/// Authy ID without an offline seed.
/// </summary>
internal static class AuthyIdCommand
{
    public static Command Create(Option<string> configOption)
    {
        var user = new Argument<string>("USER") { Description = "Login name" };
        var id = new Argument<string?>("ID")
        {
            Description = $"The user's numeric Authy ID, {AuthyId.Range}",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var remove = new Option<bool>("--remove") { Description = "Remove the user's Authy ID instead of storing one" };
        var command = new Command("authy-id", "Store or replace a user's Authy ID, or remove it with --remove")
        {
            user, id, remove,
        };
        command.SetAction(parsed => Run(
            parsed.GetRequiredValue(configOption),
            parsed.GetRequiredValue(user),
            parsed.GetValue(id),
            parsed.GetValue(remove)));
        return command;
    }

    private static int Run(string configPath, string name, string? idText, bool remove)
    {
        string user = UserName.Validate(name);
        if (remove && idText is not null)
        {
            throw CliException.Usage(
                $"pass either an Authy ID or --remove, not both; run 'authy-enroll authy-id {user} --remove' " +
                "to remove the Authy ID");
        }

        if (!remove && idText is null)
        {
            throw CliException.Usage(
                $"missing Authy ID; run 'authy-enroll authy-id {user} ID' with the user's numeric Authy ID, " +
                "or pass --remove to remove it");
        }

        long? id = idText is null ? null : AuthyId.Parse(idText);
        using SecretStore store = Installation.OpenStore(Installation.LoadConfig(configPath));
        if (id is null)
        {
            Remove(store, user);
        }
        else
        {
            Put(store, user, id.Value);
        }

        return ExitCodes.Success;
    }

    private static void Put(SecretStore store, string user, long id)
    {
        long? previous = null;
        store.InTransaction(() =>
        {
            previous = store.FindAuthyId(user);
            if (previous != id)
            {
                store.PutAuthyId(user, id);
            }
        });

        if (previous is null)
        {
            Console.WriteLine($"Stored Authy ID {id} for user '{user}'.");
        }
        else if (previous == id)
        {
            Console.WriteLine($"User '{user}' already has Authy ID {id}; nothing changed.");
        }
        else
        {
            Messages.Note($"user '{user}' had Authy ID {previous}, which is now replaced");
            Console.WriteLine($"Stored Authy ID {id} for user '{user}'.");
        }
    }

    private static void Remove(SecretStore store, string user)
    {
        long? previous = null;
        store.InTransaction(() =>
        {
            previous = store.FindAuthyId(user);
            store.RemoveAuthyId(user);
        });

        if (previous is null)
        {
            throw CliException.Failure(
                $"user '{user}' has no Authy ID; 'authy-enroll list' shows the users and their Authy IDs");
        }

        Console.WriteLine($"Removed Authy ID {previous} of user '{user}'.");
    }
}
