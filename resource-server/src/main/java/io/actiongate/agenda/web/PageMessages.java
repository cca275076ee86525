package io.actiongate.agenda.web;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/** The agenda page's words in English; German in {@code messages/msg_de.properties}. */
@MessageBundle
public interface PageMessages {

    @Message("Your agenda")
    String title();

    @Message("Signed in as {name}")
    String signedInAs(String name);

    @Message("Sign out")
    String signOut();

    @Message("Add an item")
    String addHeading();

    @Message("Date")
    String date();

    @Message("What")
    String text();

    @Message("Add")
    String add();

    @Message("Save")
    String save();

    @Message("Delete")
    String delete();

    @Message("Done")
    String done();

    @Message("Text of “{text}”")
    String textOf(String text);

    @Message("Date of “{text}”")
    String dateOf(String text);

    @Message("Nothing on your agenda yet. Ask ChatGPT, for example: “Add ‘Call the dentist’ to my agenda for tomorrow”, and it appears here.")
    String empty();

    @Message("Changes made in ChatGPT appear here as they happen.")
    String live();

    @Message("Connected apps")
    String appsHeading();

    @Message("These GPTs and connectors can see and change your agenda until you disconnect them.")
    String appsIntro();

    @Message("No app has access to your agenda.")
    String noApps();

    @Message("The connected apps cannot be listed right now; try again shortly.")
    String appsUnavailable();

    @Message("Connected {date}")
    String granted(String date);

    @Message("last used {date}")
    String lastUsed(String date);

    @Message("not used since it was connected")
    String notUsed();

    @Message("Cut {date}: a copy of its refresh token was used after ChatGPT had already replaced it, so its access was "
            + "revoked. If you still want it, connect it again in ChatGPT.")
    String cut(String date);

    @Message("Disconnect")
    String disconnect();

    @Message("Disconnect {name}")
    String disconnectApp(String name);

    @Message("Your sign-in has expired: signing you in again. What you typed is kept.")
    String expired();

    @Message("That did not work: {reason}")
    String failed(String reason);
}
