// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/chat/chat_formatter.h"

#include <algorithm>

namespace hearth::chat {
namespace {

bool hasSystemMessage(const std::vector<Message>& messages) {
    return std::any_of(messages.begin(), messages.end(),
                       [](const Message& m) { return m.role == "system"; });
}

} // namespace

ChatFormatter::ChatFormatter(std::string templateSource, std::string architecture,
                             std::string bosToken, std::string eosToken)
    : bosToken_(std::move(bosToken)), eosToken_(std::move(eosToken)) {
    if (!templateSource.empty()) {
        try {
            template_.emplace(templateSource);
            family_ = detectFamily(templateSource);
            return;
        } catch (const TemplateError& e) {
            family_ = detectFamily(templateSource);
            if (family_ == ChatFamily::Unknown) {
                family_ = familyForArchitecture(architecture, bosToken_, eosToken_);
            }
            warning_ = "the model's chat template cannot be used (" + std::string(e.what()) +
                       "); using the built-in " + std::string(familyName(family_)) + " format";
        }
    } else {
        family_ = familyForArchitecture(architecture, bosToken_, eosToken_);
        warning_ = "the model has no chat template; using the built-in " +
                   std::string(familyName(family_)) + " format";
    }
    usingBuiltin_ = true;
    template_.emplace(builtinTemplate(family_));
}

std::string ChatFormatter::builtinName() const {
    return usingBuiltin_ ? std::string(familyName(family_)) : std::string();
}

RenderOptions ChatFormatter::renderOptions(bool addGenerationPrompt) const {
    RenderOptions o;
    o.addGenerationPrompt = addGenerationPrompt;
    o.bosToken = bosToken_;
    o.eosToken = eosToken_;
    o.now = now_;
    return o;
}

std::string ChatFormatter::format(const std::vector<Message>& messages, bool addGenerationPrompt,
                                  bool stripLeadingBos) const {
    const RenderOptions options = renderOptions(addGenerationPrompt);
    std::string text;
    try {
        text = template_->render(messages, options);
    } catch (const TemplateRaised&) {
        if (!hasSystemMessage(messages)) {
            throw;
        }
        text = template_->render(foldSystemIntoFirstUser(messages), options);
    }
    if (stripLeadingBos && !bosToken_.empty() && text.rfind(bosToken_, 0) == 0) {
        text.erase(0, bosToken_.size());
    }
    return text;
}

std::vector<std::string> ChatFormatter::stopStrings() const {
    std::vector<std::string> stops = familyStopStrings(family_);
    if (!eosToken_.empty() && std::find(stops.begin(), stops.end(), eosToken_) == stops.end()) {
        stops.push_back(eosToken_);
    }
    return stops;
}

std::vector<Message> foldSystemIntoFirstUser(const std::vector<Message>& messages) {
    std::string system;
    std::vector<Message> rest;
    for (const Message& m : messages) {
        if (m.role == "system") {
            if (!system.empty()) {
                system += "\n\n";
            }
            system += m.content;
        } else {
            rest.push_back(m);
        }
    }
    if (system.empty()) {
        return rest;
    }
    for (Message& m : rest) {
        if (m.role == "user") {
            m.content = system + "\n\n" + m.content;
            return rest;
        }
    }
    rest.insert(rest.begin(), Message{"user", system});
    return rest;
}

} // namespace hearth::chat
